#include "endpointcatalog.h"

#include "logging.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

namespace a911 {

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QStringList placeholders(const QString &path)
{
    static const QRegularExpression re(QStringLiteral("\\{([A-Za-z_][A-Za-z0-9_]*)\\}"));
    QStringList names;
    for (auto it = re.globalMatch(path); it.hasNext();)
        names << it.next().captured(1);
    return names;
}

bool parseParam(const QJsonValue &v, EndpointParam *out, QString *error)
{
    const QJsonObject o = v.toObject();
    EndpointParam p;
    p.name = o.value(QLatin1String("name")).toString();
    if (p.name.isEmpty())
        return fail(error, QStringLiteral("a parameter has no name"));
    const QString type = o.value(QLatin1String("type")).toString();
    if (type == QLatin1String("id"))
        p.type = EndpointParam::Type::Id;
    else if (type == QLatin1String("integer"))
        p.type = EndpointParam::Type::Integer;
    else if (type == QLatin1String("text") || type.isEmpty())
        p.type = EndpointParam::Type::Text;
    else
        return fail(error,
                    QStringLiteral("parameter %1 has an unknown type '%2'").arg(p.name, type));
    p.defaultValue = o.value(QLatin1String("default")).toString();
    if (o.contains(QLatin1String("min")))
        p.min = o.value(QLatin1String("min")).toInteger();
    if (o.contains(QLatin1String("max")))
        p.max = o.value(QLatin1String("max")).toInteger();
    if (p.min && p.max && *p.min > *p.max)
        return fail(error, QStringLiteral("parameter %1 has min > max").arg(p.name));
    p.overrides = o.value(QLatin1String("overrides")).toString();
    p.description = o.value(QLatin1String("description")).toString();
    if (!p.defaultValue.isEmpty() && !EndpointCatalog::validateValue(p, p.defaultValue).isEmpty())
        return fail(error, QStringLiteral("parameter %1 has an invalid default").arg(p.name));
    *out = p;
    return true;
}

QString trimmedPath(QString path)
{
    while (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

} // namespace

QString Endpoint::fillPath(const QHash<QString, QString> &pathValues) const
{
    QString out = path;
    for (const EndpointParam &p : pathParams)
        out.replace(QLatin1Char('{') + p.name + QLatin1Char('}'),
                    pathValues.value(p.name).trimmed());
    return out;
}

const EndpointCatalog &EndpointCatalog::builtin()
{
    static const EndpointCatalog catalog = [] {
        EndpointCatalog c;
        QString error;
        if (!c.loadFromFile(QStringLiteral(":/a911core/endpoints.json"), &error))
            qCCritical(lcApi) << "Built-in endpoint catalog is broken:" << error;
        return c;
    }();
    return catalog;
}

bool EndpointCatalog::loadFromFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(error, QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    return loadFromJson(f.readAll(), error);
}

bool EndpointCatalog::loadFromJson(const QByteArray &json, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError)
        return fail(
            error,
            QStringLiteral("not JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset));
    const QJsonArray list = doc.object().value(QLatin1String("endpoints")).toArray();
    if (list.isEmpty())
        return fail(error, QStringLiteral("no endpoints"));

    QList<Endpoint> endpoints;
    QSet<QString> ids;
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        Endpoint e;
        e.id = o.value(QLatin1String("id")).toString();
        e.method = o.value(QLatin1String("method")).toString().toUpper().toLatin1();
        e.path = o.value(QLatin1String("path")).toString();
        e.scope = o.value(QLatin1String("scope")).toString();
        e.payload = o.value(QLatin1String("payload")).toString();
        e.summary = o.value(QLatin1String("summary")).toString();
        if (e.id.isEmpty() || e.method.isEmpty() || !e.path.startsWith(QLatin1Char('/')))
            return fail(
                error,
                QStringLiteral("endpoint '%1' lacks an id, a method or a path starting with '/'")
                    .arg(e.id));
        if (ids.contains(e.id))
            return fail(error, QStringLiteral("duplicate endpoint id '%1'").arg(e.id));
        ids.insert(e.id);
        if (e.scope.isEmpty() || e.summary.isEmpty())
            return fail(error,
                        QStringLiteral("endpoint '%1' lacks a scope or a summary").arg(e.id));
        for (const QJsonValue &pv : o.value(QLatin1String("pathParams")).toArray()) {
            EndpointParam p;
            if (!parseParam(pv, &p, error))
                return false;
            e.pathParams << p;
        }
        for (const QJsonValue &qv : o.value(QLatin1String("query")).toArray()) {
            EndpointParam p;
            if (!parseParam(qv, &p, error))
                return false;
            e.query << p;
        }
        // Every placeholder needs a parameter and every path parameter a placeholder.
        const QStringList names = placeholders(e.path);
        if (names.size() != e.pathParams.size())
            return fail(
                error,
                QStringLiteral("endpoint '%1': placeholders and path parameters differ").arg(e.id));
        for (const EndpointParam &p : std::as_const(e.pathParams)) {
            if (!names.contains(p.name))
                return fail(error,
                            QStringLiteral("endpoint '%1': no {%2} in its path").arg(e.id, p.name));
        }
        if (o.contains(QLatin1String("body"))) {
            e.hasBody = true;
            e.bodyTemplate = o.value(QLatin1String("body")).toObject();
        }
        endpoints << e;
    }
    m_endpoints = endpoints;
    return true;
}

const Endpoint *EndpointCatalog::find(const QString &id) const
{
    for (const Endpoint &e : m_endpoints) {
        if (e.id == id)
            return &e;
    }
    return nullptr;
}

const Endpoint *EndpointCatalog::match(const QByteArray &method, const QString &path,
                                       QHash<QString, QString> *pathValues) const
{
    const QStringList segments = trimmedPath(path).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const Endpoint &e : m_endpoints) {
        if (e.method != method.toUpper())
            continue;
        const QStringList pattern = trimmedPath(e.path).split(QLatin1Char('/'), Qt::SkipEmptyParts);
        if (pattern.size() != segments.size())
            continue;
        QHash<QString, QString> values;
        bool ok = true;
        for (int i = 0; ok && i < pattern.size(); ++i) {
            const QString &p = pattern.at(i);
            if (p.startsWith(QLatin1Char('{')) && p.endsWith(QLatin1Char('}')))
                values.insert(p.mid(1, p.size() - 2), segments.at(i));
            else
                ok = p == segments.at(i);
        }
        if (ok) {
            if (pathValues)
                *pathValues = values;
            return &e;
        }
    }
    return nullptr;
}

QString EndpointCatalog::validateValue(const EndpointParam &param, const QString &rawValue)
{
    const QString value = rawValue.trimmed();
    switch (param.type) {
    case EndpointParam::Type::Id: {
        static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
        if (value.isEmpty())
            return QStringLiteral("%1 is required").arg(param.name);
        if (!digits.match(value).hasMatch())
            return QStringLiteral("%1 must be digits only (Active911 ids are numbers)")
                .arg(param.name);
        return {};
    }
    case EndpointParam::Type::Integer: {
        bool ok = false;
        const qint64 n = value.toLongLong(&ok);
        if (!ok)
            return QStringLiteral("%1 must be a whole number").arg(param.name);
        if ((param.min && n < *param.min) || (param.max && n > *param.max)) {
            if (param.min && param.max)
                return QStringLiteral("%1 must be between %2 and %3")
                    .arg(param.name)
                    .arg(*param.min)
                    .arg(*param.max);
            if (param.min)
                return QStringLiteral("%1 must be at least %2").arg(param.name).arg(*param.min);
            return QStringLiteral("%1 must be at most %2").arg(param.name).arg(*param.max);
        }
        return {};
    }
    case EndpointParam::Type::Text:
        return {};
    }
    return {};
}

QList<ValidationIssue> EndpointCatalog::validate(const Endpoint &endpoint,
                                                 const QHash<QString, QString> &pathValues,
                                                 const QueryItems &query)
{
    QList<ValidationIssue> issues;
    for (const EndpointParam &p : endpoint.pathParams) {
        const QString msg = validateValue(p, pathValues.value(p.name));
        if (!msg.isEmpty())
            issues << ValidationIssue{p.name, msg};
    }
    QSet<QString> seen;
    for (const auto &[key, value] : query) {
        if (seen.contains(key))
            issues << ValidationIssue{key, QStringLiteral("%1 is given more than once").arg(key)};
        seen.insert(key);
        if (value.trimmed().isEmpty())
            continue;
        for (const EndpointParam &p : endpoint.query) {
            if (p.name != key)
                continue;
            const QString msg = validateValue(p, value);
            if (!msg.isEmpty())
                issues << ValidationIssue{p.name, msg};
        }
    }
    return issues;
}

QList<ValidationIssue> EndpointCatalog::build(const Endpoint &endpoint,
                                              const QHash<QString, QString> &pathValues,
                                              const QueryItems &query, const QByteArray &body,
                                              ApiRequest *out)
{
    QList<ValidationIssue> issues = validate(endpoint, pathValues, query);
    if (endpoint.hasBody) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
        if (pe.error != QJsonParseError::NoError)
            issues << ValidationIssue{QStringLiteral("body"),
                                      QStringLiteral("the body is not valid JSON: %1 at offset %2")
                                          .arg(pe.errorString())
                                          .arg(pe.offset)};
        else if (!doc.isObject())
            issues << ValidationIssue{QStringLiteral("body"),
                                      QStringLiteral("the body must be a JSON object")};
    }
    if (!issues.isEmpty() || !out)
        return issues;
    ApiRequest r;
    r.method = endpoint.method;
    r.path = endpoint.fillPath(pathValues);
    for (const auto &item : query) {
        if (!item.second.trimmed().isEmpty())
            r.query << qMakePair(item.first, item.second.trimmed());
    }
    if (endpoint.hasBody) {
        r.body = body;
        r.headers << qMakePair(QByteArray("Content-Type"), QByteArray("application/json"));
    }
    *out = r;
    return issues;
}

QString EndpointCatalog::missingScope(const Endpoint &endpoint, const QStringList &granted)
{
    if (granted.isEmpty() || endpoint.scope.isEmpty() || granted.contains(endpoint.scope))
        return {};
    return endpoint.scope;
}

bool EndpointCatalog::isUnderBase(const QUrl &url, const QUrl &apiBase)
{
    if (!url.isValid() || url.scheme() != apiBase.scheme() ||
        url.host().compare(apiBase.host(), Qt::CaseInsensitive) != 0 ||
        url.port(url.scheme() == QLatin1String("https") ? 443 : 80) !=
            apiBase.port(apiBase.scheme() == QLatin1String("https") ? 443 : 80) ||
        !url.userInfo().isEmpty())
        return false;
    QString basePath = apiBase.path();
    if (!basePath.endsWith(QLatin1Char('/')))
        basePath += QLatin1Char('/');
    QString path = url.path();
    if (path + QLatin1Char('/') == basePath)
        return true;
    return path.startsWith(basePath) && !path.contains(QLatin1String("/../"));
}

QString EndpointCatalog::relativePath(const QUrl &url, const QUrl &apiBase)
{
    if (!isUnderBase(url, apiBase))
        return {};
    QString basePath = apiBase.path();
    if (!basePath.endsWith(QLatin1Char('/')))
        basePath += QLatin1Char('/');
    return QLatin1Char('/') + url.path().mid(basePath.size());
}

QList<ValidationIssue> EndpointCatalog::check(const ApiRequest &request, const QUrl &apiBase) const
{
    QList<ValidationIssue> issues;
    const QString method = QString::fromLatin1(request.method).trimmed();
    static const QRegularExpression token(QStringLiteral("^[A-Z]+$"));
    if (!token.match(method).hasMatch())
        issues << ValidationIssue{
            QStringLiteral("method"),
            QStringLiteral("the method must be a word in capitals (GET, POST, …)")};

    QString relative = request.path.trimmed();
    const QUrl asUrl(relative, QUrl::StrictMode);
    if (relative.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
        relative.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)) {
        if (!isUnderBase(asUrl, apiBase)) {
            issues << ValidationIssue{
                QStringLiteral("path"),
                QStringLiteral(
                    "%1 is not under the API base %2; the token is only ever sent to the API")
                    .arg(asUrl.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo),
                         apiBase.toDisplayString())};
            return issues;
        }
        relative = relativePath(asUrl, apiBase);
    } else if (relative.contains(QLatin1String("://")) || relative.contains(QLatin1String(".."))) {
        issues << ValidationIssue{
            QStringLiteral("path"),
            QStringLiteral(
                "the path must be relative to the API base or a full http(s) URL under it")};
        return issues;
    }
    relative = relative.section(QLatin1Char('?'), 0, 0);

    QHash<QString, QString> values;
    if (const Endpoint *e = match(request.method, relative, &values)) {
        issues << validate(*e, values, request.query);
    }
    if (!request.body.isEmpty() && request.method != "GET") {
        bool jsonBody = true;
        for (const auto &[name, value] : request.headers) {
            if (name.compare("Content-Type", Qt::CaseInsensitive) == 0 && !value.contains("json"))
                jsonBody = false;
        }
        if (jsonBody) {
            QJsonParseError pe;
            QJsonDocument::fromJson(request.body, &pe);
            if (pe.error != QJsonParseError::NoError)
                issues << ValidationIssue{
                    QStringLiteral("body"),
                    QStringLiteral("the body is not valid JSON: %1 at offset %2")
                        .arg(pe.errorString())
                        .arg(pe.offset)};
        }
    }
    return issues;
}

} // namespace a911

#include "replicaserver.h"

#include "consolepages.h"
#include "faultspec.h"
#include "httpexchange.h"
#include "replicadataset.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <functional>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

Q_LOGGING_CATEGORY(lcReplica, "a911.replica", QtInfoMsg)

namespace a911::replica {

namespace {

constexpr qint64 kMaxFormBody = 1024 * 1024;
constexpr qint64 kCodeTtlSecs = 120;
// Input-driven state stays bounded on long runs: every cookie-less visit opens a
// session, and Qt 6.4 accepts request lines of 100 KB and more.
constexpr qsizetype kMaxSessions = 1024;
constexpr qsizetype kKeptPathChars = 256;
const QString kConsolePath = QStringLiteral("/interface/dev/");
const QString kOauthPath = QStringLiteral("/interface/open_api/");
const QString kApiPath = QStringLiteral("/interface/open_api/api/");
const QByteArray kJsonType = "application/json; charset=UTF-8";
const QByteArray kSessionCookie = "A911SESSID";

// QAbstractHttpServer in Qt 6.4 hands us the socket, which the reset and truncate
// faults need; routing is ours.
class HttpFrontend final : public QAbstractHttpServer
{
public:
    using Handler = std::function<void(HttpRequest, QTcpSocket *)>;
    explicit HttpFrontend(Handler handler, QObject *parent)
        : QAbstractHttpServer(parent)
        , m_handler(std::move(handler))
    {
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        HttpRequest r;
        const QMetaEnum methods = QMetaEnum::fromType<QHttpServerRequest::Method>();
        r.method = QByteArray(methods.valueToKey(int(request.method()))).toUpper();
        r.path = request.url().path();
        r.query = request.query();
        r.headers = request.headers();
        r.body = request.body();
        r.remote = request.remoteAddress();
        m_handler(std::move(r), socket);
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *socket) override
    {
        socket->abort(); // unreachable: handleRequest takes every request
    }

private:
    Handler m_handler;
};

QString randomToken(const QString &prefix, int length = 40)
{
    static const char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString token = prefix;
    token.reserve(prefix.size() + length);
    for (int i = 0; i < length; ++i)
        token += QLatin1Char(kAlphabet[QRandomGenerator::system()->bounded(62)]);
    return token;
}

// PHP's json_encode escapes slashes; the real service's bodies look like that.
QByteArray phpJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).replace("/", "\\/");
}

HttpResponse html(int status, const QByteArray &body)
{
    HttpResponse r;
    r.status = status;
    r.body = body;
    return r;
}

HttpResponse json(int status, const QJsonObject &object, const QByteArray &type = {})
{
    HttpResponse r;
    r.status = status;
    r.body = phpJson(object);
    if (!type.isEmpty())
        r.contentType = type;
    return r;
}

HttpResponse apiError(int status, const QString &message)
{
    return json(status, {{QStringLiteral("result"), QStringLiteral("error")},
                         {QStringLiteral("message"), message}});
}

HttpResponse apiSuccess(const QString &key, const QJsonValue &payload, const QString &agencyId)
{
    HttpResponse r = json(200, {{QStringLiteral("result"), QStringLiteral("success")},
                                {QStringLiteral("message"), QJsonObject{{key, payload}}}});
    r.agencyId = agencyId;
    return r;
}

HttpResponse oauthError(int status, const QString &error, const QString &description)
{
    HttpResponse r = json(status, {{QStringLiteral("error"), error},
                                   {QStringLiteral("error_description"), description}},
                          kJsonType);
    r.addHeader({"Cache-Control", "no-store"});
    return r;
}

HttpResponse methodNotAllowed(const QByteArray &allow, bool api)
{
    HttpResponse r = api ? apiError(405, QStringLiteral("Method not allowed"))
                         : html(405, pages::message(QStringLiteral("Method not allowed"),
                                                    QStringLiteral("This page does not accept that method.")));
    r.addHeader({"Allow", allow});
    return r;
}

HttpResponse redirect(const QUrl &target)
{
    HttpResponse r = html(302, pages::message(QStringLiteral("Redirecting"),
                                              target.toString(QUrl::FullyEncoded)));
    r.addHeader({"Location", target.toEncoded()});
    return r;
}

QUrl withQuery(QUrl url, const QList<QPair<QString, QString>> &items)
{
    if (url.path().isEmpty())
        url.setPath(QStringLiteral("/"));
    QByteArray query = url.query(QUrl::FullyEncoded).toLatin1();
    for (const auto &item : items) {
        if (!query.isEmpty())
            query += '&';
        query += QUrl::toPercentEncoding(item.first) + '=' + QUrl::toPercentEncoding(item.second);
    }
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
}

// Accepts "1 2" and, leniently, "1+2" as scope separators.
QStringList splitScopes(const QString &scope)
{
    return scope.split(QRegularExpression(QStringLiteral("[ +,]+")), Qt::SkipEmptyParts);
}

bool parseRange(const QUrlQuery &query, const QString &name, int min, int max, int *out,
                QString *error)
{
    if (!query.hasQueryItem(name))
        return true;
    bool ok = false;
    const int value = query.queryItemValue(name, QUrl::FullyDecoded).trimmed().toInt(&ok);
    if (!ok || value < min || value > max) {
        *error = max > 0 ? QStringLiteral("%1 must be between %2 and %3").arg(name).arg(min).arg(max)
                         : QStringLiteral("%1 must be a number of at least %2").arg(name).arg(min);
        return false;
    }
    *out = value;
    return true;
}

const char *faultName(FaultSpec::Kind kind)
{
    switch (kind) {
    case FaultSpec::Kind::Latency: return "latency";
    case FaultSpec::Kind::Status: return "status";
    case FaultSpec::Kind::Reset: return "reset";
    case FaultSpec::Kind::Truncate: return "truncate";
    case FaultSpec::Kind::Malformed: return "malformed";
    case FaultSpec::Kind::Html: return "html";
    case FaultSpec::Kind::Huge: return "huge";
    }
    return "?";
}

} // namespace

class ReplicaServerPrivate final
{
public:
    struct RefreshToken
    {
        QString agencyId, clientId;
        QStringList scopes;
        QDateTime expires;
        bool revoked = false;
    };
    struct AccessToken
    {
        QString agencyId;
        QStringList scopes;
        QDateTime expires;
    };
    struct AuthCode
    {
        QString clientId, redirectUri, agencyId;
        QStringList scopes;
        QDateTime expires;
        bool used = false;
    };
    struct Session
    {
        bool signedIn = false;
        QStringList scopes;      // oauth_gen.php progress
        QString agencyId;
        bool authorizing = false; // authorize_agency.php progress
        QString clientId, redirectUri, state;
        QStringList authScopes;
    };

    ReplicaServerPrivate(ReplicaServer *q, ReplicaOptions opts);

    QDateTime replicaNow() const { return m_options.epoch.addMSecs(m_clock.elapsed()); }
    QString apiBase() const { return origin() + kApiPath; }
    QString origin() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }

    void handle(HttpRequest request, QTcpSocket *socket);
    void dispatch(const HttpRequest &request, const QPointer<QTcpSocket> &socket,
                  const std::optional<FaultSpec> &fault);
    void send(QTcpSocket *socket, const HttpRequest &request, const HttpResponse &response);
    HttpResponse inflate(const HttpRequest &request, const HttpResponse &response, int megabytes);

    HttpResponse route(const HttpRequest &request);
    HttpResponse control(const HttpRequest &request);
    HttpResponse consoleTokens(const HttpRequest &request);
    HttpResponse apiAccess(const HttpRequest &request);
    HttpResponse authorize(const HttpRequest &request);
    HttpResponse token(const HttpRequest &request);
    HttpResponse api(const HttpRequest &request, const QString &rest);
    HttpResponse createLocation(const HttpRequest &request, const AccessToken &access);

    Session &session(const HttpRequest &request, HttpResponse *response);
    void signIn(Session &signedIn);
    QList<pages::Choice> agencyChoices() const;
    QString agencyName(const QString &id) const;
    QString mintAccessToken(const QString &agencyId, const QStringList &scopes);
    QString mintRefreshToken(const QString &agencyId, const QStringList &scopes,
                             const QString &clientId);
    const RefreshToken *validRefreshToken(const QString &token) const;

    ReplicaServer *q;
    ReplicaOptions m_options;
    ReplicaDataset m_data;
    QElapsedTimer m_clock;
    QTcpServer *m_tcp = nullptr;
    HttpFrontend *m_http = nullptr;
    quint16 m_port = 0;
    QHash<QString, RefreshToken> m_refresh;
    QHash<QString, AccessToken> m_access;
    QHash<QString, AuthCode> m_codes;
    QHash<QByteArray, Session> m_sessions;
    QHash<QString, QString> m_seeded; // agency id -> refresh token
    QList<FaultSpec> m_faults;
    QStringList m_requestPaths;
    QHash<QString, QList<QByteArray>> m_hugeItems; // serialized alerts per agency
    const QString m_clientId = QStringLiteral("a911desk-replica-demo");
    const QString m_clientSecret = QStringLiteral("demo-secret-7f3a9c21e4b8");
    const QString m_email = QStringLiteral("demo.admin@example.org");
    const QString m_password = QStringLiteral("replica-911");
};

static ReplicaOptions normalized(ReplicaOptions o)
{
    if (!o.epoch.isValid()) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        o.epoch = QDateTime(now.date(), QTime(now.time().hour(), 0), Qt::UTC);
    }
    o.epoch = o.epoch.toUTC();
    return o;
}

ReplicaServerPrivate::ReplicaServerPrivate(ReplicaServer *server, ReplicaOptions opts)
    : q(server)
    , m_options(normalized(std::move(opts)))
    , m_data(m_options.seed, m_options.epoch)
{
    m_clock.start();
    for (const AgencyRecord &a : m_data.agencies())
        m_seeded.insert(a.id, mintRefreshToken(a.id, pages::allScopes(), QString()));
}

QString ReplicaServerPrivate::mintAccessToken(const QString &agencyId, const QStringList &scopes)
{
    const QString token = randomToken(m_options.tokenPrefix);
    m_access.insert(token, {agencyId, scopes,
                            QDateTime::currentDateTimeUtc().addSecs(m_options.accessTtlSecs)});
    return token;
}

QString ReplicaServerPrivate::mintRefreshToken(const QString &agencyId, const QStringList &scopes,
                                               const QString &clientId)
{
    const QString token = randomToken(m_options.tokenPrefix);
    m_refresh.insert(token, {agencyId, clientId, scopes,
                             QDateTime::currentDateTimeUtc().addSecs(m_options.refreshTtlSecs),
                             false});
    return token;
}

const ReplicaServerPrivate::RefreshToken *
ReplicaServerPrivate::validRefreshToken(const QString &token) const
{
    const auto it = m_refresh.constFind(token);
    if (it == m_refresh.cend() || it->revoked || it->expires <= QDateTime::currentDateTimeUtc())
        return nullptr;
    return &*it;
}

QList<pages::Choice> ReplicaServerPrivate::agencyChoices() const
{
    QList<pages::Choice> out;
    for (const AgencyRecord &a : m_data.agencies())
        out.append({a.id, a.name});
    return out;
}

QString ReplicaServerPrivate::agencyName(const QString &id) const
{
    const AgencyRecord *a = m_data.agency(id);
    return a ? a->name : QString();
}

// ---- transport and faults ----

void ReplicaServerPrivate::handle(HttpRequest request, QTcpSocket *socket)
{
    m_requestPaths.append(request.path.right(kKeptPathChars)); // requestCount() matches ends
    std::optional<FaultSpec> fault;
    int latencyMs = 0;
    if (!request.path.startsWith(QLatin1String("/__replica/"))) {
        for (FaultSpec &f : m_faults) {
            if (!f.matches(request.path))
                continue;
            if (f.kind == FaultSpec::Kind::Latency) {
                latencyMs += f.arg;
            } else if (fault) {
                continue;
            } else {
                fault = f;
            }
            if (f.remaining > 0)
                --f.remaining;
        }
    }
    const QPointer<QTcpSocket> guarded(socket);
    if (latencyMs > 0) {
        QTimer::singleShot(latencyMs, q, [this, request, guarded, fault] {
            dispatch(request, guarded, fault);
        });
    } else {
        dispatch(request, guarded, fault);
    }
}

void ReplicaServerPrivate::dispatch(const HttpRequest &request, const QPointer<QTcpSocket> &socket,
                                    const std::optional<FaultSpec> &fault)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    using Kind = FaultSpec::Kind;
    if (fault) {
        // The configured suffix, not the request path: paths come from clients.
        qCInfo(lcReplica).noquote() << "fault injected:" << faultName(fault->kind) << "on"
                                    << (fault->pathSuffix.isEmpty() ? QStringLiteral("every path")
                                                                    : fault->pathSuffix);
        switch (fault->kind) {
        case Kind::Reset: {
#ifdef Q_OS_UNIX
            // Linger 0 makes close() send an RST instead of an orderly FIN.
            const struct linger hardClose{1, 0};
            ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hardClose,
                         sizeof hardClose);
#endif
            socket->abort();
            return;
        }
        case Kind::Status:
            send(socket, request,
                 html(fault->arg, pages::message(QStringLiteral("Error %1").arg(fault->arg),
                                                 QStringLiteral("The server could not complete "
                                                                "your request. Please try again "
                                                                "later."))));
            return;
        case Kind::Malformed:
            send(socket, request,
                 html(200, QByteArrayLiteral("{\"result\":\"success\",\"message\":{\"agency\":{\"id\":"
                                             "\"30712\",\"name\":\"North Valley Fi")));
            return;
        case Kind::Html:
            send(socket, request,
                 html(200, pages::message(QStringLiteral("Scheduled maintenance"),
                                          QStringLiteral("Active911 is being updated and will be "
                                                         "back shortly."))));
            return;
        case Kind::Latency:
        case Kind::Truncate:
        case Kind::Huge:
            break;
        }
    }

    HttpResponse response = route(request);
    if (fault && fault->kind == Kind::Huge)
        response = inflate(request, response, fault->arg);
    if (fault && fault->kind == Kind::Truncate) {
        // Full Content-Length announced, half the body delivered, then the connection ends.
        socket->write(responseHead(response));
        if (request.method != "HEAD")
            socket->write(response.body.left(response.body.size() / 2));
        socket->disconnectFromHost();
        return;
    }
    send(socket, request, response);
}

void ReplicaServerPrivate::send(QTcpSocket *socket, const HttpRequest &request,
                                const HttpResponse &response)
{
    socket->write(responseHead(response));
    if (request.method != "HEAD")
        socket->write(response.body);
    if (request.header("connection").compare("close", Qt::CaseInsensitive) == 0)
        socket->disconnectFromHost();
}

// Valid JSON of at least `megabytes` MB, built from pre-serialized alerts so that
// even 50 MB takes well under a second.
HttpResponse ReplicaServerPrivate::inflate(const HttpRequest &request, const HttpResponse &response,
                                           int megabytes)
{
    if (response.status != 200 || !response.body.startsWith('{') || !response.body.endsWith('}'))
        return response;
    const QString agencyId =
        response.agencyId.isEmpty() ? m_data.agencies().front().id : response.agencyId;
    QList<QByteArray> &items = m_hugeItems[agencyId];
    if (items.isEmpty()) {
        const QList<const AlertRecord *> all =
            m_data.alerts(agencyId, QString(), QDateTime::fromSecsSinceEpoch(0, Qt::UTC),
                          m_options.epoch.addYears(1));
        for (const AlertRecord *a : all)
            items.append(phpJson(m_data.alertJson(*a, apiBase(), true)));
        if (items.isEmpty()) // an agency without alerts must not divide by zero below
            items.append(QByteArrayLiteral("{}"));
    }
    const qint64 target = qint64(megabytes) * 1024 * 1024;
    HttpResponse big = response;
    QByteArray &body = big.body;
    const bool alertList = request.path.endsWith(QLatin1String("/alerts"));
    if (alertList) {
        body = QByteArrayLiteral("{\"result\":\"success\",\"message\":{\"alerts\":[");
    } else {
        body.chop(1);
        body += ",\"replica_padding\":[";
    }
    body.reserve(target + 64 * 1024);
    for (qsizetype i = 0; body.size() < target; ++i) {
        if (i > 0)
            body += ',';
        body += items.at(i % items.size());
    }
    body += alertList ? QByteArrayLiteral("]}}") : QByteArrayLiteral("]}");
    return big;
}

// ---- routing ----

HttpResponse ReplicaServerPrivate::route(const HttpRequest &request)
{
    const QString &path = request.path;
    const bool isPost = request.method == "POST";
    if (path.startsWith(QLatin1String("/__replica/")))
        return control(request);
    if (path.startsWith(kApiPath) || path == kApiPath.chopped(1))
        return api(request, path.mid(kApiPath.size()));

    const bool formEndpoint = path.startsWith(kConsolePath) || path.startsWith(kOauthPath);
    if (formEndpoint && request.body.size() > kMaxFormBody)
        return html(413, pages::message(QStringLiteral("Request too large"),
                                        QStringLiteral("The submitted form is too large.")));
    const bool getOrPost = request.method == "GET" || isPost || request.method == "HEAD";

    if (path == kConsolePath + QLatin1String("oauth_gen.php"))
        return getOrPost ? consoleTokens(request) : methodNotAllowed("GET, POST", false);
    if (path == kConsolePath + QLatin1String("api_access.php"))
        return isPost ? apiAccess(request) : methodNotAllowed("POST", false);
    if (path == kConsolePath + QLatin1String("logout.php")) {
        if (!getOrPost)
            return methodNotAllowed("GET, POST", false);
        HttpResponse r;
        session(request, &r).signedIn = false;
        r.body = pages::message(QStringLiteral("Signed out"), QStringLiteral("You are signed out."));
        return r;
    }
    if (path == kConsolePath + QLatin1String("api_test.php")) {
        if (!getOrPost)
            return methodNotAllowed("GET, POST", false);
        const FormFields form = FormFields::parse(request.body);
        return html(200, pages::apiTest(form.value(QStringLiteral("access_token")),
                                        !form.value(QStringLiteral("refresh_token")).isEmpty(),
                                        apiBase()));
    }
    if (path == kOauthPath + QLatin1String("authorize_agency.php"))
        return getOrPost ? authorize(request) : methodNotAllowed("GET, POST", false);
    if (path == kOauthPath + QLatin1String("token.php"))
        return isPost ? token(request) : methodNotAllowed("POST", false);
    if (path == QLatin1String("/"))
        return getOrPost ? html(200, pages::index({kConsolePath + QLatin1String("oauth_gen.php"),
                                                   kConsolePath + QLatin1String("logout.php")}))
                         : methodNotAllowed("GET, POST", false);
    return html(404, pages::message(QStringLiteral("Not found"),
                                    QStringLiteral("The requested page does not exist.")));
}

HttpResponse ReplicaServerPrivate::control(const HttpRequest &request)
{
    if (!request.remote.isLoopback())
        return json(403, {{QStringLiteral("error"), QStringLiteral("loopback only")}}, kJsonType);
    const QString what = request.path.mid(11);
    const bool isGet = request.method == "GET" || request.method == "HEAD";
    if (request.method != "POST" && !(what == QLatin1String("faults") && isGet))
        return methodNotAllowed(what == QLatin1String("faults") ? "GET, POST" : "POST", false);
    if (what == QLatin1String("faults")) {
        if (request.method == "POST") {
            QList<FaultSpec> parsed;
            const QStringList lines =
                QString::fromUtf8(request.body).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            for (const QString &line : lines) {
                if (line.trimmed().isEmpty())
                    continue;
                FaultSpec f;
                QString error;
                if (!FaultSpec::parse(line, &f, &error))
                    return json(400, {{QStringLiteral("error"), error}}, kJsonType);
                parsed.append(f);
            }
            m_faults = parsed;
            qCInfo(lcReplica) << "fault switches replaced:" << m_faults.size();
        }
        return json(200, {{QStringLiteral("faults"), int(m_faults.size())}}, kJsonType);
    }
    if (what == QLatin1String("revoke")) {
        const QString token = FormFields::parse(request.body).value(QStringLiteral("refresh_token"));
        const bool known = m_refresh.contains(token);
        q->revokeRefreshToken(token);
        return json(200, {{QStringLiteral("revoked"), known}}, kJsonType);
    }
    if (what == QLatin1String("expire-access")) {
        q->expireAccessTokens();
        return json(200, {{QStringLiteral("expired"), true}}, kJsonType);
    }
    return json(404, {{QStringLiteral("error"), QStringLiteral("unknown control")}}, kJsonType);
}

ReplicaServerPrivate::Session &ReplicaServerPrivate::session(const HttpRequest &request,
                                                             HttpResponse *response)
{
    const QByteArray id = request.cookie(kSessionCookie);
    if (!id.isEmpty() && m_sessions.contains(id))
        return m_sessions[id];
    if (m_sessions.size() >= kMaxSessions) {
        for (auto it = m_sessions.begin(); it != m_sessions.end();)
            it = it->signedIn || it->authorizing ? std::next(it) : m_sessions.erase(it);
        if (m_sessions.size() >= kMaxSessions)
            m_sessions.erase(m_sessions.begin());
    }
    const QByteArray fresh = randomToken(QString(), 32).toLatin1();
    response->headers.append(
        {"Set-Cookie", kSessionCookie + '=' + fresh + "; Path=/; HttpOnly; SameSite=Lax"});
    return m_sessions[fresh];
}

// Reported for the real console: one login at a time, a new sign-in ends the others.
void ReplicaServerPrivate::signIn(Session &signedIn)
{
    for (Session &s : m_sessions)
        s.signedIn = false;
    signedIn.signedIn = true;
    qCInfo(lcReplica) << "console sign-in";
}

HttpResponse ReplicaServerPrivate::consoleTokens(const HttpRequest &request)
{
    HttpResponse r;
    Session &s = session(request, &r);
    const FormFields form = FormFields::parse(request.body);
    const QString action = request.method == "POST" ? form.value(QStringLiteral("action")) : QString();
    const QString self = QStringLiteral("oauth_gen.php");

    if (action == QLatin1String("login")) {
        if (form.value(QStringLiteral("email")).trimmed().compare(m_email, Qt::CaseInsensitive) != 0
            || form.value(QStringLiteral("password")) != m_password) {
            r.body = pages::signIn(self, m_email, m_password,
                                   QStringLiteral("Invalid email or password."), {});
            return r;
        }
        signIn(s);
        s.scopes.clear();
        s.agencyId.clear();
        r.body = pages::scopeChoice({}, QString());
        return r;
    }
    if (!s.signedIn) {
        r.body = pages::signIn(self, m_email, m_password, QString(), {});
        return r;
    }
    if (action == QLatin1String("scopes")) {
        const QStringList chosen = form.values(QStringLiteral("scope[]"));
        QStringList scopes;
        for (const QString &scope : pages::allScopes()) {
            if (chosen.contains(scope))
                scopes.append(scope);
        }
        if (scopes.isEmpty()) {
            r.body = pages::scopeChoice({}, QStringLiteral("Please choose at least one scope."));
            return r;
        }
        s.scopes = scopes;
        s.agencyId.clear();
        r.body = pages::agencyChoice(agencyChoices(), QString());
        return r;
    }
    if (action == QLatin1String("agency")) {
        const QString agency = form.value(QStringLiteral("agency"));
        if (s.scopes.isEmpty()) {
            r.body = pages::scopeChoice({}, QStringLiteral("Please choose the scopes first."));
        } else if (!m_data.agency(agency)) {
            r.body = pages::agencyChoice(agencyChoices(), QStringLiteral("Please choose an agency."));
        } else {
            s.agencyId = agency;
            r.body = pages::confirmation(
                self,
                QStringLiteral("Allow API access to %1 with these scopes?").arg(agencyName(agency)),
                s.scopes, {}, QString(), {});
        }
        return r;
    }
    if (action == QLatin1String("confirm")) {
        if (s.scopes.isEmpty() || s.agencyId.isEmpty()) {
            r.body = pages::scopeChoice({}, QStringLiteral("Your request expired, please start again."));
            return r;
        }
        const QStringList scopes = s.scopes;
        const QString agency = s.agencyId;
        s.scopes.clear();
        s.agencyId.clear();
        if (form.value(QStringLiteral("confirm")) != QLatin1String("yes")) {
            r.body = pages::message(QStringLiteral("Request cancelled"),
                                    QStringLiteral("No tokens were generated."));
            return r;
        }
        const QString refresh = mintRefreshToken(agency, scopes, QString());
        const QString access = mintAccessToken(agency, scopes);
        qCInfo(lcReplica) << "console tokens generated for agency" << agency;
        r.body = pages::tokens(agencyName(agency), scopes, access, refresh,
                               ReplicaDataset::timestamp(m_access.value(access).expires));
        return r;
    }
    r.body = pages::scopeChoice({}, QString());
    return r;
}

HttpResponse ReplicaServerPrivate::apiAccess(const HttpRequest &request)
{
    const QString refresh = FormFields::parse(request.body).value(QStringLiteral("refresh_token"));
    const RefreshToken *t = validRefreshToken(refresh);
    if (!t) {
        // The real endpoint answers bad tokens with an HTML page and status 200.
        qCInfo(lcReplica) << "refresh exchange refused";
        return html(200, pages::message(QStringLiteral("Error"),
                                        QStringLiteral("Invalid or expired refresh token.")));
    }
    const QString access = mintAccessToken(t->agencyId, t->scopes);
    qCInfo(lcReplica) << "refresh exchanged";
    return json(200, {{QStringLiteral("access_token"), access},
                      {QStringLiteral("expiration"), m_access.value(access).expires.toSecsSinceEpoch()}});
}

HttpResponse ReplicaServerPrivate::authorize(const HttpRequest &request)
{
    HttpResponse r;
    const QString self = QStringLiteral("authorize_agency.php");
    auto confirmPage = [&](const Session &s, const QString &error) {
        return pages::confirmation(self,
                                   QStringLiteral("Allow the application \"%1\" to access your "
                                                  "agency with these scopes?")
                                       .arg(s.clientId),
                                   s.authScopes, agencyChoices(), error, {});
    };

    if (request.method != "POST") {
        auto param = [&](const char *name) {
            return request.query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
        };
        if (param("client_id") != m_clientId)
            return html(400, pages::message(QStringLiteral("Unknown application"),
                                            QStringLiteral("The client_id is not registered.")));
        QString redirectText = param("redirect_uri");
        if (redirectText.isEmpty())
            redirectText = param("redirection_uri"); // the older documents' spelling
        if (redirectText.isEmpty())
            redirectText = QStringLiteral("http://localhost");
        const QUrl redirectUrl(redirectText, QUrl::StrictMode);
        if (!redirectUrl.isValid() || redirectUrl.host().isEmpty()
            || (redirectUrl.scheme() != QLatin1String("http")
                && redirectUrl.scheme() != QLatin1String("https")))
            return html(400, pages::message(QStringLiteral("Invalid redirect URI"),
                                            QStringLiteral("The redirect URI must be an absolute "
                                                           "http or https URL.")));
        const QString state = param("state");
        QList<QPair<QString, QString>> stateItem;
        if (request.query.hasQueryItem(QStringLiteral("state")))
            stateItem.append({QStringLiteral("state"), state});
        if (param("response_type") != QLatin1String("code"))
            return redirect(withQuery(redirectUrl, QList<QPair<QString, QString>>{
                                                       {QStringLiteral("error"),
                                                        QStringLiteral("unsupported_response_type")}}
                                                       + stateItem));
        const QStringList scopes = splitScopes(param("scope"));
        const bool scopesKnown = !scopes.isEmpty()
            && std::all_of(scopes.cbegin(), scopes.cend(),
                           [](const QString &s) { return pages::allScopes().contains(s); });
        if (!scopesKnown)
            return redirect(withQuery(redirectUrl, QList<QPair<QString, QString>>{
                                                       {QStringLiteral("error"),
                                                        QStringLiteral("invalid_scope")}}
                                                       + stateItem));
        Session &s = session(request, &r);
        s.authorizing = true;
        s.clientId = m_clientId;
        s.redirectUri = redirectUrl.toString(QUrl::FullyEncoded);
        s.state = request.query.hasQueryItem(QStringLiteral("state")) ? state : QString();
        s.authScopes = scopes;
        r.body = s.signedIn ? confirmPage(s, QString())
                            : pages::signIn(self, m_email, m_password, QString(), {});
        return r;
    }

    Session &s = session(request, &r);
    if (!s.authorizing) {
        r.status = 400;
        r.body = pages::message(QStringLiteral("No request"),
                                QStringLiteral("No authorization request is in progress."));
        return r;
    }
    const FormFields form = FormFields::parse(request.body);
    const QString action = form.value(QStringLiteral("action"));
    if (action == QLatin1String("login")) {
        if (form.value(QStringLiteral("email")).trimmed().compare(m_email, Qt::CaseInsensitive) != 0
            || form.value(QStringLiteral("password")) != m_password) {
            r.body = pages::signIn(self, m_email, m_password,
                                   QStringLiteral("Invalid email or password."), {});
            return r;
        }
        signIn(s);
        r.body = confirmPage(s, QString());
        return r;
    }
    if (!s.signedIn) {
        r.body = pages::signIn(self, m_email, m_password, QString(), {});
        return r;
    }
    if (action != QLatin1String("confirm")) {
        r.body = confirmPage(s, QString());
        return r;
    }
    const QUrl target(s.redirectUri, QUrl::StrictMode);
    QList<QPair<QString, QString>> items;
    if (form.value(QStringLiteral("confirm")) != QLatin1String("yes")) {
        items.append({QStringLiteral("error"), QStringLiteral("access_denied")});
    } else {
        const QString agency = form.value(QStringLiteral("agency"));
        if (!m_data.agency(agency)) {
            r.body = confirmPage(s, QStringLiteral("Please choose an agency."));
            return r;
        }
        const QString code = randomToken(m_options.tokenPrefix);
        m_codes.insert(code, {s.clientId, s.redirectUri, agency, s.authScopes,
                              QDateTime::currentDateTimeUtc().addSecs(kCodeTtlSecs), false});
        items.append({QStringLiteral("code"), code});
        qCInfo(lcReplica) << "authorization code issued for agency" << agency;
    }
    if (!s.state.isNull())
        items.append({QStringLiteral("state"), s.state});
    s.authorizing = false;
    HttpResponse out = redirect(withQuery(target, items));
    out.headers += r.headers;
    return out;
}

HttpResponse ReplicaServerPrivate::token(const HttpRequest &request)
{
    const FormFields form = FormFields::parse(request.body);
    QString clientId = form.value(QStringLiteral("client_id"));
    QString secret = form.value(QStringLiteral("client_secret"));
    const QByteArray authorization = request.header("authorization");
    if (authorization.startsWith("Basic ")) {
        const QByteArray pair = QByteArray::fromBase64(authorization.mid(6).trimmed());
        const int colon = pair.indexOf(':');
        if (colon > 0) {
            clientId = QString::fromUtf8(QByteArray::fromPercentEncoding(pair.left(colon)));
            secret = QString::fromUtf8(QByteArray::fromPercentEncoding(pair.mid(colon + 1)));
        }
    }
    if (clientId != m_clientId || secret != m_clientSecret) {
        qCInfo(lcReplica) << "token request with bad client credentials";
        return oauthError(401, QStringLiteral("invalid_client"),
                          QStringLiteral("Client authentication failed"));
    }

    const QString grant = form.value(QStringLiteral("grant_type"));
    QString refresh, agencyId;
    QStringList scopes;
    if (grant == QLatin1String("authorization_code")) {
        const QString codeText = form.value(QStringLiteral("code"));
        if (codeText.isEmpty())
            return oauthError(400, QStringLiteral("invalid_request"),
                              QStringLiteral("The code parameter is required"));
        auto it = m_codes.find(codeText);
        if (it == m_codes.end() || it->used || it->clientId != clientId
            || it->expires <= QDateTime::currentDateTimeUtc())
            return oauthError(400, QStringLiteral("invalid_grant"),
                              QStringLiteral("Authorization code is invalid, expired or used"));
        const QString redirectUri = form.value(QStringLiteral("redirect_uri"));
        if (!redirectUri.isEmpty()
            && QUrl(redirectUri).toString(QUrl::FullyEncoded) != it->redirectUri)
            return oauthError(400, QStringLiteral("invalid_grant"),
                              QStringLiteral("redirect_uri does not match the authorization"));
        it->used = true;
        scopes = it->scopes;
        const QStringList requested = splitScopes(form.value(QStringLiteral("scope")));
        if (!requested.isEmpty()) {
            scopes.erase(std::remove_if(scopes.begin(), scopes.end(),
                                        [&](const QString &s) { return !requested.contains(s); }),
                         scopes.end());
            if (scopes.isEmpty())
                return oauthError(400, QStringLiteral("invalid_scope"),
                                  QStringLiteral("None of the requested scopes was granted"));
        }
        agencyId = it->agencyId;
        refresh = mintRefreshToken(agencyId, scopes, clientId);
        qCInfo(lcReplica) << "authorization code exchanged";
    } else if (grant == QLatin1String("refresh_token")) {
        refresh = form.value(QStringLiteral("refresh_token"));
        const RefreshToken *t = validRefreshToken(refresh);
        if (!t || t->clientId != clientId)
            return oauthError(400, QStringLiteral("invalid_grant"),
                              QStringLiteral("Refresh token is invalid, expired or revoked"));
        agencyId = t->agencyId;
        scopes = t->scopes;
        qCInfo(lcReplica) << "refresh exchanged at token endpoint";
    } else if (grant.isEmpty()) {
        return oauthError(400, QStringLiteral("invalid_request"),
                          QStringLiteral("The grant_type parameter is required"));
    } else {
        return oauthError(400, QStringLiteral("unsupported_grant_type"),
                          QStringLiteral("Unsupported grant_type"));
    }
    HttpResponse r = json(200,
                          {{QStringLiteral("access_token"), mintAccessToken(agencyId, scopes)},
                           {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                           {QStringLiteral("expires_in"), QString::number(m_options.accessTtlSecs)},
                           {QStringLiteral("refresh_token"), refresh},
                           {QStringLiteral("scope"), scopes.join(QLatin1Char(' '))}},
                          kJsonType);
    r.addHeader({"Cache-Control", "no-store"});
    return r;
}

// ---- the open API ----

HttpResponse ReplicaServerPrivate::api(const HttpRequest &request, const QString &rest)
{
    const QStringList seg = rest.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const int n = int(seg.size());
    const QString head = n > 0 ? seg.at(0) : QString();
    enum class Route { Agency, AgencyById, Device, DeviceAlerts, Alerts, Alert, Locations, Location, Resource, None };
    Route route = Route::None;
    if (n == 0)
        route = Route::Agency;
    else if (n == 2 && head == QLatin1String("agencies"))
        route = Route::AgencyById;
    else if (n == 2 && head == QLatin1String("devices"))
        route = Route::Device;
    else if (n == 3 && head == QLatin1String("devices") && seg.at(2) == QLatin1String("alerts"))
        route = Route::DeviceAlerts;
    else if (n == 1 && head == QLatin1String("alerts"))
        route = Route::Alerts;
    else if (n == 2 && head == QLatin1String("alerts"))
        route = Route::Alert;
    else if (n == 1 && head == QLatin1String("locations"))
        route = Route::Locations;
    else if (n == 2 && head == QLatin1String("locations"))
        route = Route::Location;
    else if (n == 2 && head == QLatin1String("resources"))
        route = Route::Resource;
    if (route == Route::None)
        return apiError(404, QStringLiteral("Unknown API endpoint"));

    const bool isGet = request.method == "GET" || request.method == "HEAD";
    const bool isPost = request.method == "POST";
    if (route == Route::Locations) {
        if (!isGet && !isPost)
            return methodNotAllowed("GET, POST", true);
        if (isPost && request.body.size() > kMaxFormBody)
            return apiError(413, QStringLiteral("Request body too large"));
    } else if (!isGet) {
        return methodNotAllowed("GET", true);
    }

    const QByteArray authorization = request.header("authorization");
    const QString bearer = authorization.size() > 7
            && authorization.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0
        ? QString::fromLatin1(authorization.mid(7).trimmed())
        : QString();
    const auto tokenIt = m_access.constFind(bearer);
    if (bearer.isEmpty() || tokenIt == m_access.cend()
        || tokenIt->expires <= QDateTime::currentDateTimeUtc()) {
        HttpResponse r = apiError(401, QStringLiteral("Invalid or expired access token"));
        r.addHeader({"WWW-Authenticate", "Bearer"});
        return r;
    }
    const AccessToken access = *tokenIt;

    QString needed;
    switch (route) {
    case Route::Agency:
    case Route::AgencyById: needed = QStringLiteral("read_agency"); break;
    case Route::Device: needed = QStringLiteral("read_device"); break;
    case Route::DeviceAlerts:
    case Route::Alerts:
    case Route::Alert: needed = QStringLiteral("read_alert"); break;
    case Route::Locations:
        needed = isPost ? QStringLiteral("write_mapdata") : QStringLiteral("read_mapdata");
        break;
    case Route::Location:
    case Route::Resource: needed = QStringLiteral("read_mapdata"); break;
    case Route::None: break;
    }
    if (!access.scopes.contains(needed))
        return apiError(403, QStringLiteral("This access token lacks the %1 scope").arg(needed));

    const QString id = n >= 2 ? seg.at(1) : QString();
    const QString base = apiBase();
    const QString agencyId = access.agencyId;
    auto notFound = [](const char *what) {
        return apiError(404, QStringLiteral("%1 not found").arg(QLatin1String(what)));
    };

    switch (route) {
    case Route::Agency:
        return apiSuccess(QStringLiteral("agency"), m_data.agencyJson(*m_data.agency(agencyId), base),
                          agencyId);
    case Route::AgencyById: {
        const AgencyRecord *a = m_data.agency(id);
        if (!a)
            return notFound("Agency");
        if (a->id != agencyId)
            return apiError(403, QStringLiteral("This access token is not for that agency"));
        return apiSuccess(QStringLiteral("agency"), m_data.agencyJson(*a, base), agencyId);
    }
    case Route::Device: {
        const DeviceRecord *d = m_data.device(id);
        if (!d || !d->agencyIds.contains(agencyId))
            return notFound("Device");
        return apiSuccess(QStringLiteral("device"), m_data.deviceJson(*d, base), agencyId);
    }
    case Route::DeviceAlerts:
    case Route::Alerts: {
        if (route == Route::DeviceAlerts) {
            const DeviceRecord *d = m_data.device(id);
            if (!d || !d->agencyIds.contains(agencyId))
                return notFound("Device");
        }
        int days = 10;
        int minutes = 0;
        QString error;
        if (!parseRange(request.query, QStringLiteral("alert_days"), 1, 30, &days, &error)
            || !parseRange(request.query, QStringLiteral("alert_minutes"), 1, 43200, &minutes,
                           &error))
            return apiError(400, error);
        const QDateTime to = replicaNow();
        const QDateTime from = minutes > 0 ? to.addSecs(-qint64(minutes) * 60)
                                           : to.addSecs(-qint64(days) * 86400);
        QJsonArray refs;
        const auto alerts = m_data.alerts(agencyId, route == Route::DeviceAlerts ? id : QString(),
                                          from, to);
        for (const AlertRecord *a : alerts)
            refs.append(ReplicaDataset::ref(base, QStringLiteral("alerts"), a->id));
        return apiSuccess(QStringLiteral("alerts"), refs, agencyId);
    }
    case Route::Alert: {
        const AlertRecord *a = m_data.alert(id);
        if (!a || a->agencyId != agencyId)
            return notFound("Alert");
        return apiSuccess(QStringLiteral("alert"),
                          m_data.alertJson(*a, base,
                                           access.scopes.contains(QStringLiteral("read_response"))),
                          agencyId);
    }
    case Route::Locations: {
        if (isPost)
            return createLocation(request, access);
        int page = 1;
        int perPage = 10;
        QString error;
        if (!parseRange(request.query, QStringLiteral("locations_page"), 1, 0x7fffffff, &page,
                        &error)
            || !parseRange(request.query, QStringLiteral("locations_per_page"), 1, 100, &perPage,
                           &error))
            return apiError(400, error);
        const auto all = m_data.locations(agencyId);
        QJsonArray refs;
        for (qint64 i = qint64(page - 1) * perPage; i < qint64(page) * perPage && i < all.size(); ++i)
            refs.append(ReplicaDataset::ref(base, QStringLiteral("locations"), all.at(i)->id));
        return apiSuccess(QStringLiteral("locations"), refs, agencyId);
    }
    case Route::Location: {
        const LocationRecord *l = m_data.location(id);
        if (!l || l->agencyId != agencyId)
            return notFound("Location");
        return apiSuccess(QStringLiteral("locations"), m_data.locationJson(*l, base), agencyId);
    }
    case Route::Resource: {
        const ResourceRecord *r = m_data.resource(id);
        if (!r || r->agencyId != agencyId)
            return notFound("Resource");
        return apiSuccess(QStringLiteral("resource"), m_data.resourceJson(*r, base), agencyId);
    }
    case Route::None: break;
    }
    return apiError(404, QStringLiteral("Unknown API endpoint"));
}

HttpResponse ReplicaServerPrivate::createLocation(const HttpRequest &request,
                                                  const AccessToken &access)
{
    QHash<QString, QString> fields;
    static const char *const kFields[] = {"name",    "description",  "icon_id",
                                          "icon_color", "latitude", "longitude",
                                          "location_type"};
    const bool isJson = request.header("content-type").contains("json")
        || request.body.trimmed().startsWith('{');
    if (isJson) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
        if (!doc.isObject())
            return apiError(400, QStringLiteral("Malformed JSON body"));
        const QJsonObject o = doc.object();
        for (const char *f : kFields) {
            const QJsonValue v = o.value(QLatin1String(f));
            if (v.isString())
                fields.insert(QLatin1String(f), v.toString());
            else if (v.isDouble())
                fields.insert(QLatin1String(f), QString::number(v.toDouble(), 'g', 12));
        }
    } else {
        const FormFields form = FormFields::parse(request.body);
        for (const char *f : kFields) {
            if (form.contains(QLatin1String(f)))
                fields.insert(QLatin1String(f), form.value(QLatin1String(f)));
        }
    }

    LocationRecord l;
    l.agencyId = access.agencyId;
    l.name = fields.value(QStringLiteral("name")).trimmed();
    if (l.name.isEmpty())
        return apiError(400, QStringLiteral("name is required"));
    if (l.name.size() > 255)
        return apiError(400, QStringLiteral("name must be at most 255 characters"));
    auto coordinate = [&](const QString &key, double limit, double *out) {
        const QString text = fields.value(key).trimmed();
        if (text.isEmpty())
            return true;
        bool ok = false;
        *out = text.toDouble(&ok);
        return ok && *out >= -limit && *out <= limit;
    };
    if (!coordinate(QStringLiteral("latitude"), 90, &l.latitude))
        return apiError(400, QStringLiteral("latitude must be a number between -90 and 90"));
    if (!coordinate(QStringLiteral("longitude"), 180, &l.longitude))
        return apiError(400, QStringLiteral("longitude must be a number between -180 and 180"));
    l.description = fields.value(QStringLiteral("description"));
    l.iconId = fields.value(QStringLiteral("icon_id"), QStringLiteral("1"));
    l.iconColor = fields.value(QStringLiteral("icon_color"), QStringLiteral("FF0000"));
    l.locationType = fields.value(QStringLiteral("location_type"), QStringLiteral("marker"));
    const LocationRecord &stored = m_data.addLocation(l);
    qCInfo(lcReplica) << "location created for agency" << access.agencyId;
    return apiSuccess(QStringLiteral("locations"), m_data.locationJson(stored, apiBase()),
                      access.agencyId);
}

// ---- public API ----

ReplicaServer::ReplicaServer(ReplicaOptions opts, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<ReplicaServerPrivate>(this, std::move(opts)))
{
    for (const QString &spec : std::as_const(d->m_options.faults)) {
        QString error;
        if (!setFault(spec, &error))
            qCWarning(lcReplica) << "ignoring fault spec:" << error;
    }
}

ReplicaServer::~ReplicaServer() = default;

bool ReplicaServer::start(QString *error)
{
    if (d->m_tcp)
        return true;
    auto *tcp = new QTcpServer(this);
    if (!tcp->listen(QHostAddress::LocalHost, d->m_options.port)) {
        if (error)
            *error = tcp->errorString();
        delete tcp;
        return false;
    }
    d->m_tcp = tcp;
    d->m_port = tcp->serverPort();
    d->m_http = new HttpFrontend(
        [this](HttpRequest request, QTcpSocket *socket) { d->handle(std::move(request), socket); },
        this);
    d->m_http->bind(tcp);
    qCInfo(lcReplica) << "listening on port" << d->m_port;
    return true;
}

quint16 ReplicaServer::port() const
{
    return d->m_port;
}

QUrl ReplicaServer::origin() const
{
    return QUrl(d->origin());
}

QUrl ReplicaServer::consoleUrl() const
{
    return QUrl(d->origin() + kConsolePath);
}

QUrl ReplicaServer::oauthUrl() const
{
    return QUrl(d->origin() + kOauthPath);
}

QUrl ReplicaServer::apiUrl() const
{
    return QUrl(d->apiBase());
}

QByteArray ReplicaServer::readyLine() const
{
    QJsonArray agencies;
    for (const AgencyRecord &a : d->m_data.agencies())
        agencies.append(QJsonObject{{QStringLiteral("id"), a.id},
                                    {QStringLiteral("name"), a.name},
                                    {QStringLiteral("refresh_token"), d->m_seeded.value(a.id)}});
    const QJsonObject o{{QStringLiteral("replica"), QStringLiteral("a911desk")},
                        {QStringLiteral("origin"), d->origin()},
                        {QStringLiteral("console_url"), consoleUrl().toString()},
                        {QStringLiteral("oauth_url"), oauthUrl().toString()},
                        {QStringLiteral("api_url"), apiUrl().toString()},
                        {QStringLiteral("client_id"), d->m_clientId},
                        {QStringLiteral("client_secret"), d->m_clientSecret},
                        {QStringLiteral("email"), d->m_email},
                        {QStringLiteral("password"), d->m_password},
                        {QStringLiteral("agencies"), agencies}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QList<ReplicaServer::Agency> ReplicaServer::agencies() const
{
    QList<Agency> out;
    for (const AgencyRecord &a : d->m_data.agencies())
        out.append({a.id, a.name});
    return out;
}

QString ReplicaServer::seededRefreshToken(const QString &agencyId) const
{
    return d->m_seeded.value(agencyId);
}

QString ReplicaServer::issueRefreshToken(const QString &agencyId, const QStringList &scopes)
{
    if (!d->m_data.agency(agencyId))
        return QString();
    for (const QString &s : scopes) {
        if (!pages::allScopes().contains(s))
            return QString();
    }
    return d->mintRefreshToken(agencyId, scopes, QString());
}

void ReplicaServer::revokeRefreshToken(const QString &token)
{
    const auto it = d->m_refresh.find(token);
    if (it != d->m_refresh.end()) {
        it->revoked = true;
        qCInfo(lcReplica) << "refresh token revoked";
    }
}

void ReplicaServer::expireAccessTokens()
{
    const QDateTime past = QDateTime::currentDateTimeUtc().addSecs(-1);
    for (auto &t : d->m_access)
        t.expires = past;
    qCInfo(lcReplica) << "all access tokens expired";
}

bool ReplicaServer::setFault(const QString &spec, QString *error)
{
    FaultSpec f;
    if (!FaultSpec::parse(spec, &f, error))
        return false;
    d->m_faults.append(f);
    return true;
}

void ReplicaServer::clearFaults()
{
    d->m_faults.clear();
}

QString ReplicaServer::demoEmail() const
{
    return d->m_email;
}

QString ReplicaServer::demoPassword() const
{
    return d->m_password;
}

QString ReplicaServer::demoClientId() const
{
    return d->m_clientId;
}

QString ReplicaServer::demoClientSecret() const
{
    return d->m_clientSecret;
}

int ReplicaServer::requestCount(const QString &pathSuffix) const
{
    return int(std::count_if(d->m_requestPaths.cbegin(), d->m_requestPaths.cend(),
                             [&](const QString &p) { return p.endsWith(pathSuffix); }));
}

} // namespace a911::replica

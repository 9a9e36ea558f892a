#pragma once

#include "apiclient.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace a911 {

/// One path or query parameter of a catalog endpoint.
struct EndpointParam
{
    enum class Type {
        Id,      ///< non-empty digits (Active911 ids are strings of digits)
        Integer, ///< a whole number within [min, max]
        Text
    };
    QString name;
    Type type = Type::Text;
    QString defaultValue; ///< what the service assumes when the parameter is left out
    std::optional<qint64> min;
    std::optional<qint64> max;
    QString overrides; ///< another parameter this one replaces when both are given
    QString description;
};

/// One Active911 endpoint, as described by resources/endpoints.json.
struct Endpoint
{
    QString id; ///< stable key ("alerts", "device-alerts", …)
    QByteArray method;
    QString path;    ///< with placeholders: "/devices/{id}/alerts"
    QString scope;   ///< the scope it needs
    QString payload; ///< the key under "message" holding the payload
    QString summary; ///< one line for people
    QList<EndpointParam> pathParams;
    QList<EndpointParam> query;
    QJsonObject bodyTemplate; ///< POST only: a sample body
    bool hasBody = false;

    bool isValid() const { return !id.isEmpty(); }
    /// The path with the placeholders filled in (values are not checked here).
    QString fillPath(const QHash<QString, QString> &pathValues) const;
};

/// A problem with one field of a request; field is empty when it concerns the whole.
struct ValidationIssue
{
    QString field;
    QString message;
};

/// The endpoint catalog: loaded from JSON (data, not code), checks requests before
/// they are sent and builds ApiRequests from form values.
class EndpointCatalog final
{
public:
    /// The catalog compiled into the core (resources/endpoints.json). Loaded once.
    static const EndpointCatalog &builtin();

    /// Parses and checks a catalog document; false with a reason on any defect
    /// (unknown type, placeholder without a parameter, duplicate id, …).
    bool loadFromJson(const QByteArray &json, QString *error = nullptr);
    bool loadFromFile(const QString &path, QString *error = nullptr);

    const QList<Endpoint> &endpoints() const { return m_endpoints; }
    const Endpoint *find(const QString &id) const;
    /// The endpoint a concrete request targets ("GET", "/alerts/42" → "alert"),
    /// or null. `path` is relative to the API base; leading/trailing '/' ignored.
    const Endpoint *match(const QByteArray &method, const QString &path,
                          QHash<QString, QString> *pathValues = nullptr) const;

    /// Checks path ids and query parameters against the endpoint's rules. Empty
    /// query values mean "leave out" and are fine. Unknown query keys are allowed.
    static QList<ValidationIssue> validate(const Endpoint &endpoint,
                                           const QHash<QString, QString> &pathValues,
                                           const QueryItems &query);
    /// One value against one parameter; empty string when fine.
    static QString validateValue(const EndpointParam &param, const QString &value);

    /// Validates, then builds the request (empty query values left out).
    /// Returns the issues; `out` is filled only when there are none.
    static QList<ValidationIssue> build(const Endpoint &endpoint,
                                        const QHash<QString, QString> &pathValues,
                                        const QueryItems &query, const QByteArray &body,
                                        ApiRequest *out);

    /// Checks any request: catalog rules when it matches an endpoint, the URL stays
    /// under the API base (the token must never go elsewhere), a POST body is JSON.
    QList<ValidationIssue> check(const ApiRequest &request, const QUrl &apiBase) const;

    /// The scope `endpoint` needs when `granted` lacks it, else empty. An empty
    /// `granted` means "not known" and never warns.
    static QString missingScope(const Endpoint &endpoint, const QStringList &granted);

    /// True when `url` lies under `apiBase` (same scheme, host, port and path prefix).
    static bool isUnderBase(const QUrl &url, const QUrl &apiBase);
    /// The path of `url` relative to `apiBase` ("/alerts/3"), or empty if not under it.
    static QString relativePath(const QUrl &url, const QUrl &apiBase);

private:
    QList<Endpoint> m_endpoints;
};

} // namespace a911

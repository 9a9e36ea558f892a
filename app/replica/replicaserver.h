#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace a911::replica {

/// Settings of one replica run. Everything is deterministic from `seed` and `epoch`
/// except the tokens, which are random like the real ones.
struct ReplicaOptions
{
    quint16 port = 0;                    ///< 0 = any free port
    qint64 accessTtlSecs = 86400;        ///< access token lifetime
    qint64 refreshTtlSecs = 365 * 86400; ///< refresh token lifetime
    QString tokenPrefix;                 ///< prepended to every issued token (test canaries)
    quint32 seed = 911;                  ///< seeds the generated agencies, alerts, …
    QDateTime epoch; ///< "now" of the seeded data; default: current hour, UTC
    QStringList faults; ///< fault specs, see README.md
};

class ReplicaServerPrivate;

/// A local, faithful stand-in for Active911: the console token pages, the
/// registered-app OAuth endpoints and the open API, served on 127.0.0.1 only.
class ReplicaServer final : public QObject
{
    Q_OBJECT
public:
    explicit ReplicaServer(ReplicaOptions opts = {}, QObject *parent = nullptr);
    ~ReplicaServer() override;

    /// Listens on 127.0.0.1 (never on other interfaces).
    bool start(QString *error = nullptr);
    quint16 port() const;
    QUrl origin() const;     ///< http://127.0.0.1:PORT
    QUrl consoleUrl() const; ///< origin + /interface/dev/
    QUrl oauthUrl() const;   ///< origin + /interface/open_api/
    QUrl apiUrl() const;     ///< origin + /interface/open_api/api/
    /// The one-line JSON object announcing URLs, demo credentials and seeded tokens.
    QByteArray readyLine() const;

    struct Agency
    {
        QString id, name;
    };
    QList<Agency> agencies() const;
    /// A refresh token per agency with all six scopes, ready from the start.
    QString seededRefreshToken(const QString &agencyId) const;
    /// Mints a refresh token directly; empty if the agency or a scope is unknown.
    QString issueRefreshToken(const QString &agencyId, const QStringList &scopes);
    void revokeRefreshToken(const QString &token);
    /// Every access token issued so far becomes expired.
    void expireAccessTokens();
    bool setFault(const QString &spec, QString *error = nullptr);
    void clearFaults();

    QString demoEmail() const;
    QString demoPassword() const;
    QString demoClientId() const;
    QString demoClientSecret() const;

    /// How many requests hit paths ending with `pathSuffix` (for tests).
    int requestCount(const QString &pathSuffix) const;

private:
    std::unique_ptr<ReplicaServerPrivate> d;
};

/// `a911desk replica [options]`: runs a replica until killed. `arguments` exclude the
/// program name and "replica". Needs an existing QCoreApplication.
int runReplicaCommand(const QStringList &arguments);

} // namespace a911::replica

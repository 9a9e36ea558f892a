#pragma once

#include "profile.h"
#include "serviceurls.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace a911 {

class Clock;
class RefreshClient;
class TokenVault;

/// Turns freshly obtained tokens (personal page, registered-app flow, CLI import)
/// into a stored profile: exchanges the refresh token when no access token came
/// with it, asks the API for the agency (`GET /`), and only then adds the profile
/// to the vault. Any failure leaves nothing behind: no half-made profile.
class ProfileImporter final : public QObject
{
    Q_OBJECT
public:
    struct Input
    {
        ProfileOrigin origin = ProfileOrigin::PersonalPage;
        QString refreshToken;
        QString accessToken;    ///< may be empty: the refresh token is exchanged first
        QDateTime accessExpiry; ///< UTC; invalid = unknown (1 day from now is assumed)
        QStringList scopes;     ///< may be empty = unknown
        QString clientId;       ///< registered apps only
        QString clientSecret;   ///< registered apps only
        QString label;          ///< empty = the agency's name (made unique)
        QDateTime refreshIssued; ///< UTC; invalid = now
    };

    struct Result
    {
        enum class Failure {
            None,
            RefreshRejected, ///< the service refused the refresh token
            AccessRejected,  ///< the API refused the access token (401/403 or an error envelope)
            Network,         ///< server or network trouble; trying again may help
            Store            ///< the keychain did not take the secrets
        };
        Failure failure = Failure::None;
        Profile profile; ///< the stored profile when failure == None
        QString message; ///< for people; never contains a token

        bool ok() const { return failure == Failure::None; }
    };
    using Done = std::function<void(const Result &)>;

    ProfileImporter(TokenVault *vault, RefreshClient *refresh, QNetworkAccessManager *nam,
                    const ServiceUrls &urls, const Clock *clock, QObject *parent = nullptr);

    void setUrls(const ServiceUrls &urls) { m_urls = urls; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    /// Runs the import; done is called exactly once (not after the importer is destroyed).
    void import(const Input &input, Done done);

private:
    struct Job;
    void lookUpAgency(std::shared_ptr<Job> job);
    void store(std::shared_ptr<Job> job);

    TokenVault *m_vault;
    RefreshClient *m_refresh;
    QNetworkAccessManager *m_nam;
    ServiceUrls m_urls;
    const Clock *m_clock;
    int m_timeoutMs = 30000;
};

} // namespace a911

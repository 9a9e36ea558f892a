#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace a911 {

/// How a token set was made.
enum class ProfileOrigin {
    PersonalPage, ///< oauth_gen.php; refreshed at api_access.php
    RegisteredApp ///< authorize_agency.php + token.php with a client id/secret
};

/// Everything about one token set that is not secret. Lives in QSettings.
struct Profile
{
    QString id;          ///< stable local id (a UUID without braces)
    QString label;       ///< the user's name for it; unique among profiles
    QString agencyId;
    QString agencyName;
    QStringList scopes;  ///< granted scopes, as the service reported or as chosen
    ProfileOrigin origin = ProfileOrigin::PersonalPage;
    QString clientId;    ///< registered apps only
    QDateTime accessExpiry;   ///< UTC; invalid = unknown
    QDateTime refreshIssued;  ///< UTC; when the refresh token was made (its year starts here)
    QDateTime lastRefreshed;  ///< UTC; last successful exchange
    bool needsRegeneration = false; ///< the service rejected the refresh token
    int secretGeneration = 0; ///< which keychain record holds the current secrets

    bool isValid() const { return !id.isEmpty(); }
    bool hasScope(const QString &scope) const { return scopes.contains(scope); }
};

/// The secret part of a profile. Lives only in the OS keychain (or, in session-only
/// mode, in memory). Never logged, never written to settings.
struct ProfileSecrets
{
    QString refreshToken;
    QString accessToken;
    QString clientSecret; ///< registered apps only

    bool operator==(const ProfileSecrets &o) const
    {
        return refreshToken == o.refreshToken && accessToken == o.accessToken
            && clientSecret == o.clientSecret;
    }
    bool operator!=(const ProfileSecrets &o) const { return !(*this == o); }
};

/// The six scopes Active911 knows, in its order.
QStringList allScopes();
/// A plain-language line for a scope ("Read alerts sent to the agency").
QString scopeDescription(const QString &scope);
/// A short label for chips ("alerts", "map write").
QString scopeShortName(const QString &scope);

} // namespace a911

Q_DECLARE_METATYPE(a911::Profile)

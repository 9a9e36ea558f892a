#pragma once

#include "serviceurls.h"

#include <QObject>
#include <QString>

#include <functional>

class QNetworkAccessManager;

namespace a911 {

/// What `GET /` said about the agency a fresh access token belongs to.
struct AgencyLookupResult
{
    enum class Failure {
        None,
        Rejected, ///< the API refused the token (4xx or an error envelope)
        Network   ///< unreachable, 5xx, or an answer that could not be read
    };
    Failure failure = Failure::None;
    QString agencyId;
    QString agencyName;
    QString message; ///< for people; never contains a token

    bool ok() const { return failure == Failure::None; }
};

/// Asks the API which agency an access token is for: the check every new token set
/// (import, generate, regenerate) passes before it is stored. The API URL must pass
/// ServiceUrls::validate (HTTPS unless loopback) before the token is sent. `done` runs
/// once, unless `context` is destroyed first.
void lookUpAgency(QNetworkAccessManager *nam, const ServiceUrls &urls, const QString &accessToken,
                  int timeoutMs, QObject *context,
                  std::function<void(const AgencyLookupResult &)> done);

} // namespace a911

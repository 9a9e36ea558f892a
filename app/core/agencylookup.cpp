#include "agencylookup.h"

#include "apiclient.h"
#include "logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>

namespace a911 {

namespace {

AgencyLookupResult failure(AgencyLookupResult::Failure f, const QString &message)
{
    AgencyLookupResult r;
    r.failure = f;
    r.message = message;
    return r;
}

/// IDs are strings in the API; tolerate numbers.
QString idOf(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(static_cast<qint64>(v.toDouble()));
    return {};
}

AgencyLookupResult interpret(QNetworkReply *reply)
{
    using F = AgencyLookupResult::Failure;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const auto err = reply->error();
    const QByteArray body = reply->readAll();
    if (status == 0 || err == QNetworkReply::OperationCanceledError
        || err == QNetworkReply::TimeoutError
        || (status >= 200 && status < 300 && err != QNetworkReply::NoError))
        return failure(F::Network, QStringLiteral("Could not reach the API to look up the agency "
                                                  "(%1).")
                                       .arg(reply->errorString()));
    const ApiEnvelope env = ApiEnvelope::inspect(body);
    if ((status >= 400 && status < 500) || env.isError) {
        const QString detail = env.errorMessage.isEmpty()
            ? QStringLiteral("HTTP %1").arg(status)
            : QStringLiteral("HTTP %1: %2").arg(status).arg(redactSecrets(env.errorMessage));
        return failure(F::Rejected, QStringLiteral("The API refused the token when asked for the "
                                                   "agency (%1). The token needs the read_agency "
                                                   "scope.")
                                        .arg(detail));
    }
    if (status >= 500)
        return failure(F::Network,
                       QStringLiteral("The API had trouble (HTTP %1); try again later.").arg(status));
    const QJsonObject agency = QJsonDocument::fromJson(body)
                                   .object()
                                   .value(QLatin1String("message"))
                                   .toObject()
                                   .value(QLatin1String("agency"))
                                   .toObject();
    AgencyLookupResult r;
    r.agencyId = idOf(agency.value(QLatin1String("id")));
    r.agencyName = agency.value(QLatin1String("name")).toString();
    if (!env.isJson || r.agencyId.isEmpty())
        return failure(F::Network, QStringLiteral("The API's answer about the agency could not "
                                                  "be read; try again later."));
    return r;
}

} // namespace

void lookUpAgency(QNetworkAccessManager *nam, const ServiceUrls &urls, const QString &accessToken,
                  int timeoutMs, QObject *context,
                  std::function<void(const AgencyLookupResult &)> done)
{
    const QUrl url = urls.apiUrl(QString());
    const QString why = ServiceUrls::validate(url);
    if (!why.isEmpty()) {
        const AgencyLookupResult r =
            failure(AgencyLookupResult::Failure::Network, QStringLiteral("API URL: %1").arg(why));
        QMetaObject::invokeMethod(context, [done, r] { done(r); }, Qt::QueuedConnection);
        return;
    }
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + accessToken.toUtf8());
    req.setRawHeader("Accept", "application/json");
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::SameOriginRedirectPolicy);
    req.setTransferTimeout(timeoutMs);
    qCInfo(lcApi) << "Looking up the agency of a new token at" << url.host();
    QNetworkReply *reply = nam->get(req);
    reply->setParent(context);
    QObject::connect(reply, &QNetworkReply::finished, context, [reply, done] {
        reply->deleteLater();
        done(interpret(reply));
    });
}

} // namespace a911

#include "registeredappflow.h"

#include "logging.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QOAuth2AuthorizationCodeFlow>
#include <QOAuthOobReplyHandler>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

namespace a911 {

/// The redirect target: a QTcpServer on 127.0.0.1 only (system browser) or nothing
/// at all (embedded browser, where the redirect is caught before it loads). Also
/// reads token.php's reply itself: the service may label JSON as text/html, which
/// QOAuthOobReplyHandler in 6.4 refuses to parse.
class LoopbackReplyHandler final : public QOAuthOobReplyHandler
{
    Q_OBJECT
public:
    using QOAuthOobReplyHandler::QOAuthOobReplyHandler;

    bool listen(QString *error)
    {
        if (m_server.isListening())
            return true;
        if (!m_server.listen(QHostAddress::LocalHost, 0)) {
            if (error)
                *error = m_server.errorString();
            return false;
        }
        connect(&m_server, &QTcpServer::newConnection, this, &LoopbackReplyHandler::accept,
                Qt::UniqueConnection);
        m_callback = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_server.serverPort()));
        return true;
    }
    void close() { m_server.close(); }
    quint16 port() const { return m_server.isListening() ? m_server.serverPort() : 0; }
    void setCallback(const QUrl &url) { m_callback = url; }
    QString callback() const override { return m_callback.toString(QUrl::FullyEncoded); }

    /// Hands redirect values on to the flow (after RegisteredAppFlow checked the state).
    void deliver(const QVariantMap &values) { Q_EMIT callbackReceived(values); }

    void networkReplyFinished(QNetworkReply *reply) override
    {
        const QByteArray body = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QVariantMap values = QJsonDocument::fromJson(body).object().toVariantMap();
        if (values.isEmpty() && status >= 200 && status < 300) {
            // Form-encoded, the other shape RFC 6749 servers use.
            const QUrlQuery q(QString::fromUtf8(body));
            const auto items = q.queryItems(QUrl::FullyDecoded);
            for (const auto &item : items)
                values.insert(item.first, item.second);
        }
        if (status == 0 || status >= 400 || !values.contains(QLatin1String("access_token"))) {
            QString message;
            if (status == 0)
                message = tr("token.php could not be reached (%1).").arg(reply->errorString());
            else if (values.value(QLatin1String("error")).toString() == QLatin1String("invalid_client"))
                message = tr("Active911 did not accept the client id and client secret; check "
                             "them against the ones Active911 sent you (token.php: "
                             "invalid_client).");
            else if (values.contains(QLatin1String("error")))
                message = tr("token.php refused the code: %1 %2")
                              .arg(values.value(QLatin1String("error")).toString(),
                                   redactSecrets(values.value(QLatin1String("error_description")).toString()));
            else
                message = tr("token.php gave an unexpected answer (HTTP %1).").arg(status);
            if (onTokenError)
                onTokenError(message.trimmed());
            return;
        }
        // `expires_in` is documented as a string of seconds: make it a number.
        const QVariant expires = values.value(QLatin1String("expires_in"));
        if (expires.isValid()) {
            bool ok = false;
            const qint64 secs = expires.toString().trimmed().toLongLong(&ok);
            if (ok)
                values.insert(QStringLiteral("expires_in"), secs);
            else
                values.remove(QStringLiteral("expires_in"));
        }
        Q_EMIT tokensReceived(values);
    }

    std::function<void(const QString &)> onTokenError;
    std::function<void(const QVariantMap &)> onRedirect;

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
        }
    }

    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (buffer.size() > 16 * 1024) {
            socket->abort();
            m_buffers.remove(socket);
            return;
        }
        const int end = buffer.indexOf("\r\n");
        if (end < 0 || !buffer.contains("\r\n\r\n"))
            return;
        const QList<QByteArray> parts = buffer.left(end).split(' ');
        m_buffers.remove(socket);
        if (parts.size() < 3 || parts.at(0) != "GET") {
            answer(socket, 400, tr("This address only takes the Active911 sign-in redirect."));
            return;
        }
        const QUrl url(QString::fromLatin1(parts.at(1)));
        QVariantMap values;
        const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
        for (const auto &item : items)
            values.insert(item.first, item.second);
        if (values.isEmpty()) { // a favicon request, a probe: not the redirect
            answer(socket, 404, tr("Nothing here."));
            return;
        }
        answer(socket, 200, tr("a911desk received the answer from Active911. You can close this "
                               "tab and return to a911desk."));
        if (onRedirect)
            onRedirect(values);
    }

    static void answer(QTcpSocket *socket, int status, const QString &text)
    {
        const QByteArray html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>"
                                "a911desk</title></head><body><p>"
            + text.toHtmlEscaped().toUtf8() + "</p></body></html>";
        socket->write("HTTP/1.1 " + QByteArray::number(status)
                      + (status == 200 ? " OK" : status == 404 ? " Not Found" : " Bad Request")
                      + "\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store"
                        "\r\nConnection: close\r\nContent-Length: "
                      + QByteArray::number(html.size()) + "\r\n\r\n" + html);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QUrl m_callback;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

RegisteredAppFlow::RegisteredAppFlow(QNetworkAccessManager *nam, const ServiceUrls &urls,
                                     QObject *parent)
    : QObject(parent), m_nam(nam), m_urls(urls)
{
    qRegisterMetaType<RegisteredAppTokens>();
}

RegisteredAppFlow::~RegisteredAppFlow() = default;

QString RegisteredAppFlow::freshState()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / int(sizeof(quint32)));
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool RegisteredAppFlow::startWithLoopback(const Request &request, QString *error)
{
    cancel();
    m_handler = new LoopbackReplyHandler(this);
    if (!m_handler->listen(error)) {
        delete m_handler;
        m_handler = nullptr;
        return false;
    }
    qCInfo(lcOAuth) << "Listening for the redirect on 127.0.0.1 port" << m_handler->port();
    begin(request);
    return true;
}

void RegisteredAppFlow::startEmbedded(const Request &request)
{
    cancel();
    m_handler = new LoopbackReplyHandler(this);
    m_handler->setCallback(request.redirectUri);
    begin(request);
}

void RegisteredAppFlow::begin(const Request &request)
{
    m_request = request;
    m_state = freshState();
    m_running = true;
    m_handler->onRedirect = [this](const QVariantMap &values) { onRedirect(values); };
    m_handler->onTokenError = [this](const QString &message) { fail(message); };

    m_flow = new QOAuth2AuthorizationCodeFlow(m_nam, this);
    m_flow->setAuthorizationUrl(m_urls.authorizeEndpoint());
    m_flow->setAccessTokenUrl(m_urls.tokenEndpoint());
    m_flow->setClientIdentifier(request.clientId);
    m_flow->setClientIdentifierSharedKey(request.clientSecret);
    m_flow->setScope(request.scopes.join(QLatin1Char(' ')));
    m_flow->setState(m_state);
    m_flow->setReplyHandler(m_handler);
    const QString scope = request.scopes.join(QLatin1Char(' '));
    // token.php is documented to take the scope with the code; 6.4 does not send it.
    m_flow->setModifyParametersFunction(
        [scope](QAbstractOAuth::Stage stage, QMultiMap<QString, QVariant> *params) {
            if (stage == QAbstractOAuth::Stage::RequestingAccessToken && !scope.isEmpty())
                params->replace(QStringLiteral("scope"), scope);
        });
    connect(m_flow, &QAbstractOAuth::authorizeWithBrowser, this,
            &RegisteredAppFlow::authorizationUrlReady);
    connect(m_handler, &QAbstractOAuthReplyHandler::tokensReceived, this,
            &RegisteredAppFlow::onTokens);
    qCInfo(lcOAuth) << "Registered-app authorization started";
    m_flow->grant();
}

QUrl RegisteredAppFlow::redirectUri() const
{
    return m_handler ? QUrl(m_handler->callback()) : QUrl();
}

quint16 RegisteredAppFlow::loopbackPort() const
{
    return m_handler ? m_handler->port() : 0;
}

void RegisteredAppFlow::handleRedirect(const QUrl &url)
{
    QVariantMap values;
    const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    for (const auto &item : items)
        values.insert(item.first, item.second);
    onRedirect(values);
}

void RegisteredAppFlow::onRedirect(const QVariantMap &values)
{
    const QString state = values.value(QStringLiteral("state")).toString();
    // The state is ours, fresh, and good for one redirect only (6.4's flow would
    // take the same redirect twice).
    if (state.isEmpty() || m_usedStates.contains(state) || !m_running || state != m_state) {
        qCWarning(lcOAuth) << "Refused a redirect whose state does not belong to this attempt";
        Q_EMIT failed(tr("The answer from Active911 did not belong to this sign-in attempt (its "
                         "state did not match), so it was refused. Start again."));
        return;
    }
    m_usedStates.insert(state);
    if (values.contains(QStringLiteral("error"))) {
        const QString error = values.value(QStringLiteral("error")).toString();
        fail(error == QLatin1String("access_denied")
                 ? tr("You declined the authorization, so no tokens were made.")
                 : tr("Active911 refused the authorization (%1).").arg(error));
        return;
    }
    if (values.value(QStringLiteral("code")).toString().isEmpty()) {
        fail(tr("Active911's answer carried no authorization code."));
        return;
    }
    qCInfo(lcOAuth) << "Authorization code received; exchanging it at token.php";
    m_handler->deliver(values);
}

void RegisteredAppFlow::onTokens(const QVariantMap &values)
{
    if (!m_running)
        return;
    RegisteredAppTokens t;
    t.accessToken = values.value(QStringLiteral("access_token")).toString();
    t.refreshToken = values.value(QStringLiteral("refresh_token")).toString();
    bool ok = false;
    const qint64 expires = values.value(QStringLiteral("expires_in")).toLongLong(&ok);
    if (ok && expires > 0)
        t.accessExpiry = QDateTime::currentDateTimeUtc().addSecs(expires);
    const QString scope = values.value(QStringLiteral("scope")).toString();
    t.scopes = scope.isEmpty() ? m_request.scopes
                               : scope.split(QRegularExpression(QStringLiteral("[\\s,]+")),
                                             Qt::SkipEmptyParts);
    if (t.refreshToken.isEmpty()) {
        fail(tr("token.php sent no refresh token, so there is nothing to keep."));
        return;
    }
    qCInfo(lcOAuth) << "Registered-app tokens received";
    m_running = false;
    if (m_handler)
        m_handler->close();
    Q_EMIT tokensReceived(t);
}

void RegisteredAppFlow::fail(const QString &message)
{
    m_running = false;
    if (m_handler)
        m_handler->close();
    qCInfo(lcOAuth) << "Registered-app authorization failed";
    Q_EMIT failed(message);
}

void RegisteredAppFlow::cancel()
{
    m_running = false;
    if (m_flow) {
        m_flow->disconnect(this);
        m_flow->deleteLater();
        m_flow = nullptr;
    }
    if (m_handler) {
        m_handler->close();
        m_handler->onRedirect = nullptr;
        m_handler->onTokenError = nullptr;
        m_handler->disconnect(this);
        m_handler->deleteLater();
        m_handler = nullptr;
    }
}

} // namespace a911

#include "registeredappflow.moc"

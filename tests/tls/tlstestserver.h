#pragma once

// An HTTPS server on 127.0.0.1 with a throwaway self-signed certificate made by the
// openssl tool at start. It answers every request with a body a client would accept
// (a token reply that is also an API envelope), so a client that ignored the
// certificate error would succeed: that is what lets the TLS tests fail.

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrl>

namespace a911::test {

class TlsTestServer final
{
public:
    /// Text in every body served; must never reach a client that refuses the certificate.
    static QByteArray marker() { return QByteArrayLiteral("TLS-TEST-BODY-7f3a"); }
    /// The access token in every body served.
    static QString servedToken() { return QStringLiteral("LEAKEDTOKEN0123456789abcdef"); }

    /// Makes the certificate (subject CN=localhost, SAN DNS:localhost and IP:127.0.0.1)
    /// and listens. False with `why` when something is missing.
    bool start(QString *why)
    {
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty()) {
            *why = QStringLiteral("the openssl tool is not installed (scripts/install-deps.sh)");
            return false;
        }
        if (!QSslSocket::supportsSsl()) {
            *why = QStringLiteral("Qt has no TLS backend here");
            return false;
        }
        const QString keyPath = m_dir.filePath(QStringLiteral("key.pem"));
        const QString certPath = m_dir.filePath(QStringLiteral("cert.pem"));
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"),
                          QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                          QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("1"),
                          QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                          QStringLiteral("-addext"),
                          QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1"),
                          QStringLiteral("-keyout"), keyPath, QStringLiteral("-out"), certPath});
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit
            || p.exitCode() != 0) {
            *why = QStringLiteral("openssl req failed: ") + QString::fromLocal8Bit(p.readAll());
            return false;
        }
        QFile keyFile(keyPath), certFile(certPath);
        if (!keyFile.open(QIODevice::ReadOnly) || !certFile.open(QIODevice::ReadOnly)) {
            *why = QStringLiteral("cannot read what openssl wrote");
            return false;
        }
        const QSslKey key(keyFile.readAll(), QSsl::Rsa);
        const QList<QSslCertificate> certs = QSslCertificate::fromData(certFile.readAll());
        if (key.isNull() || certs.size() != 1) {
            *why = QStringLiteral("the generated key or certificate does not load");
            return false;
        }
        m_certificate = certs.first();

        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(m_certificate);
        config.setPrivateKey(key);
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_server.setSslConfiguration(config);
        QObject::connect(&m_server, &QSslServer::startedEncryptionHandshake, &m_server,
                         [this](QSslSocket *s) { accept(s); });
        // Sockets whose handshake completed are queued as pending connections: taken
        // out here so that they are ours to delete (the server deletes the others).
        QObject::connect(&m_server, &QTcpServer::pendingConnectionAvailable, &m_server, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                if (s->state() == QAbstractSocket::UnconnectedState)
                    s->deleteLater();
                else
                    QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        if (!m_server.listen(QHostAddress::LocalHost)) {
            *why = m_server.errorString();
            return false;
        }
        return true;
    }

    QUrl origin() const
    {
        return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_server.serverPort()));
    }
    QSslCertificate certificate() const { return m_certificate; }

    /// TCP connections that reached the TLS handshake.
    int handshakesStarted() const { return m_started; }
    /// Handshakes that completed (a client that refuses the certificate completes none).
    int handshakesCompleted() const { return m_completed; }
    /// Decrypted bytes of requests received (request lines, headers, bodies).
    QByteArray received() const { return m_received; }

private:
    void accept(QSslSocket *s)
    {
        // Every connection has the socket as context: QSslServer cuts the socket's
        // connections to itself when it queues the socket.
        ++m_started;
        QObject::connect(s, &QSslSocket::encrypted, s, [this] { ++m_completed; });
        QObject::connect(s, &QSslSocket::readyRead, s, [this, s] {
            const QByteArray chunk = s->readAll();
            m_received += chunk;
            m_pending[s] += chunk;
            if (!m_pending[s].contains("\r\n\r\n"))
                return;
            m_pending.remove(s);
            const qint64 expires = QDateTime::currentSecsSinceEpoch() + 3600;
            const QByteArray body = "{\"result\":\"success\",\"message\":\"" + marker()
                + "\",\"access_token\":\"" + servedToken().toLatin1()
                + "\",\"expiration\":" + QByteArray::number(expires)
                + ",\"token_type\":\"Bearer\",\"expires_in\":3600}";
            s->write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
            s->disconnectFromHost();
        });
        QObject::connect(s, &QSslSocket::disconnected, s, [this, s] { m_pending.remove(s); });
    }

    QTemporaryDir m_dir;
    QSslServer m_server;
    QSslCertificate m_certificate;
    int m_started = 0;
    int m_completed = 0;
    QByteArray m_received;
    QHash<QSslSocket *, QByteArray> m_pending;
};

} // namespace a911::test

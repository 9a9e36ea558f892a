#pragma once

#include <QObject>
#include <QString>

namespace a911 {

/// What the start-up probe found out about the OS secret store.
enum class StoreStatus {
    Unknown,         ///< not probed yet
    Working,         ///< unlocked and a write/read/delete round trip worked
    NoDBusSession,   ///< Linux: no session bus to talk to
    NoSecretService, ///< Linux: nothing owns org.freedesktop.secrets
    Locked,          ///< the keyring is locked (never read as "no token")
    AccessDenied,    ///< the user or the system refused access
    Failed           ///< anything else; message() says what
};

/// Probes the keychain once (asynchronously) and says which StoreStatus applies,
/// with a sentence for people and what to do about it.
class StoreProbe final : public QObject
{
    Q_OBJECT
public:
    /// serviceName: the keychain service our entries live under ("a911desk", "a911desk-demo").
    explicit StoreProbe(const QString &serviceName, QObject *parent = nullptr);
    void start();
    StoreStatus status() const { return m_status; }
    QString detail() const { return m_detail; } ///< the backend's own words, if any

    static QString message(StoreStatus s); ///< "The keyring is locked."
    static QString advice(StoreStatus s);  ///< "Unlock it in your desktop's password manager, then …"
    static QString statusName(StoreStatus s); ///< "working", "locked", …

Q_SIGNALS:
    void finished(a911::StoreStatus status);

private:
    void finish(StoreStatus s, const QString &detail = {});
    QString m_service;
    StoreStatus m_status = StoreStatus::Unknown;
    QString m_detail;
};

} // namespace a911

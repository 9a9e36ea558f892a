#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace a911 {

/// What a secret-store operation ended with.
struct StoreResult
{
    enum class Error {
        None,
        NotFound,     ///< only ever trusted after a probe said the store works and is unlocked
        Locked,       ///< the keyring is locked (QtKeychain 0.13 may say "not found" then: see StoreProbe)
        AccessDenied, ///< the user or the system refused
        NoBackend,    ///< no D-Bus session / no secret service / no keychain at all
        Other
    };
    Error error = Error::None;
    QString message; ///< for people; never contains the secret
    QByteArray data; ///< what read() found

    bool ok() const { return error == Error::None; }
};

/// Asynchronous key → small blob store: the seam between the vault and QtKeychain.
/// Callbacks run on the store's thread (the main thread) and are not called once the
/// store is destroyed.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const StoreResult &)>;
    using QObject::QObject;

    virtual void read(const QString &key, Callback done) = 0;
    virtual void write(const QString &key, const QByteArray &data, Callback done) = 0;
    virtual void remove(const QString &key, Callback done) = 0;
    /// False for the in-memory store of session-only mode.
    virtual bool isPersistent() const = 0;
};

/// In memory, gone at quit: session-only mode and tests of everything above the store.
class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
public:
    using SecretStore::SecretStore;
    void read(const QString &key, Callback done) override;
    void write(const QString &key, const QByteArray &data, Callback done) override;
    void remove(const QString &key, Callback done) override;
    bool isPersistent() const override { return false; }

    /// Test hook: make every following operation fail with this error (None = heal).
    void setFailure(StoreResult::Error error) { m_failure = error; }
    QStringList keys() const { return m_data.keys(); }

private:
    void answer(Callback done, StoreResult r);
    QHash<QString, QByteArray> m_data;
    StoreResult::Error m_failure = StoreResult::Error::None;
};

} // namespace a911

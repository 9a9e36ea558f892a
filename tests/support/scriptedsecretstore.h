#pragma once

#include "secretstore.h"

#include <QStringList>

namespace a911::test {

/// A SecretStore that forwards to another one and fails chosen operations: the way
/// to test what the vault does when the keychain gives up half-way through a save.
/// Operations are counted from 0 in the order they are asked for.
class ScriptedSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    explicit ScriptedSecretStore(SecretStore *inner, QObject *parent = nullptr);

    /// Operation number `index` (0-based, counted from now) fails with `error`.
    void failOperation(int index, StoreResult::Error error);
    /// Every operation from now on fails with `error` (None = heal).
    void failAll(StoreResult::Error error) { m_failAll = error; }
    /// "write profile:…:2", "read …", "remove …", in order.
    QStringList log() const { return m_log; }
    void clearLog()
    {
        m_log.clear();
        m_count = 0;
    }

    void read(const QString &key, Callback done) override;
    void write(const QString &key, const QByteArray &data, Callback done) override;
    void remove(const QString &key, Callback done) override;
    /// Pretend to be (or not be) a persistent store, so a MemorySecretStore can stand
    /// in for the keychain (metadata then goes to the settings).
    void setPersistent(bool persistent) { m_persistent = persistent ? 1 : 0; }
    bool isPersistent() const override
    {
        return m_persistent < 0 ? m_inner->isPersistent() : m_persistent == 1;
    }

private:
    bool shouldFail(const QString &op, const QString &key, Callback &done);
    SecretStore *m_inner;
    int m_count = 0;
    int m_failIndex = -1;
    StoreResult::Error m_failError = StoreResult::Error::None;
    StoreResult::Error m_failAll = StoreResult::Error::None;
    QStringList m_log;
    int m_persistent = -1;
};

} // namespace a911::test

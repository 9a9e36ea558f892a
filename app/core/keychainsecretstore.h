#pragma once

#include "secretstore.h"

#include <QSet>

namespace QKeychain {
class Job;
}

namespace a911 {

/// The OS keychain through QtKeychain 0.13.
///
/// - Jobs are never destroyed while they run (a known QtKeychain crash): they are
///   not auto-deleted, have no parent, and are deleted only after `finished`, even
///   when this store goes away first.
/// - No insecure fallback, ever: a plain-text file is not a keychain.
/// - On Linux, QtKeychain 0.13 reports a locked keyring as "entry not found" on read,
///   and a write to a locked keyring may wait for an unlock prompt. So every
///   operation first asks the Secret Service whether the default collection is
///   locked and answers Locked without touching it; a NotFound is re-checked the
///   same way before it is passed on.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    /// service: the keychain service name entries live under ("a911desk", "a911desk-demo").
    explicit KeychainSecretStore(const QString &service, QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    QString service() const { return m_service; }
    /// Keychain jobs started and not finished yet.
    int runningJobs() const { return int(m_running.size()); }

    void read(const QString &key, Callback done) override;
    void write(const QString &key, const QByteArray &data, Callback done) override;
    void remove(const QString &key, Callback done) override;
    bool isPersistent() const override { return true; }

    /// QKeychain::Error (as int: QtKeychain stays out of our headers) → ours.
    static StoreResult::Error mapError(int qkeychainError);

private:
    enum class Op { Read, Write, Remove };
    void whenNotLocked(std::function<void()> proceed, Callback done);
    void start(QKeychain::Job *job, Op op, Callback done);

    QString m_service;
    QSet<QKeychain::Job *> m_running;
};

} // namespace a911

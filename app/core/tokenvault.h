#pragma once

#include "profile.h"
#include "secretstore.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>

#include <functional>

class QSettings;

namespace a911 {

class Clock;

/// Profiles: metadata in QSettings, secrets in a SecretStore, one record per profile
/// (a small JSON object well under QtKeychain 0.13's 2 KB Windows limit).
///
/// Saving is crash-safe: secrets go to a new record generation, are read back and
/// compared, and only then does the metadata point at the new generation; the old
/// record is deleted last. A kill at any moment leaves the old or the new secrets
/// readable. Nothing here ever deletes secrets except forget().
class TokenVault final : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(bool ok, const QString &error)>;
    using SecretsDone = std::function<void(const StoreResult &result, const ProfileSecrets &secrets)>;

    /// settings: where metadata lives (group "profiles"). store: where secrets live.
    TokenVault(SecretStore *store, QSettings *settings, const Clock *clock,
               QObject *parent = nullptr);

    /// Switch the secret store (e.g. to a MemorySecretStore in session-only mode).
    /// Cached secrets are dropped.
    void setStore(SecretStore *store);
    SecretStore *store() const { return m_store; }
    bool isSessionOnly() const;
    /// Why the OS keychain is out of reach while the store is not persistent (set by
    /// the start-up probe): profiles saved in the keychain earlier then answer
    /// readSecrets() with this error (default NoBackend) and are never overwritten.
    void setUnavailableReason(StoreResult::Error reason, const QString &message);

    /// The store key of one secrets record: "profile:<id>:<generation>".
    static QString recordKey(const QString &id, int generation);
    /// Records larger than this are refused (QtKeychain 0.13 on Windows: 2 KB).
    static constexpr int maxRecordBytes = 2000;

    /// Reads profile metadata from settings (synchronous, cheap). Secrets are read on demand.
    void load();

    QList<Profile> profiles() const; ///< sorted by label
    Profile profile(const QString &id) const;
    bool contains(const QString &id) const { return m_profiles.contains(id); }
    /// Finds a profile by label (case-insensitive), id, or agency name/id; empty if none or ambiguous.
    QString find(const QString &nameOrId) const;
    /// A label not used yet, based on `wanted` ("Station 41", "Station 41 (2)").
    QString uniqueLabel(const QString &wanted) const;

    /// Reads a profile's secrets (cached after the first successful read).
    void readSecrets(const QString &id, SecretsDone done);

    /// Adds a new profile with its secrets. p.id may be empty (one is made). The
    /// profile appears (profileAdded) only after its secrets were stored and read back.
    void addProfile(Profile p, const ProfileSecrets &secrets,
                    std::function<void(bool ok, const QString &error, const Profile &saved)> done);
    /// Replaces a profile's secrets (crash-safe) and its metadata in one step.
    void updateProfile(const Profile &p, const ProfileSecrets &secrets, Done done);
    /// Metadata only (expiry, flags, label).
    void updateMetadata(const Profile &p);
    /// Renames; false with a reason if the label is empty or taken.
    bool rename(const QString &id, const QString &label, QString *error = nullptr);
    /// Deletes the keychain record(s) and the metadata.
    void forget(const QString &id, Done done);

Q_SIGNALS:
    void profileAdded(const QString &id);
    void profileChanged(const QString &id);
    void profileRemoved(const QString &id);

private:
    // Implementation details are the vault's own.
    using AddDone = std::function<void(bool ok, const QString &error, const Profile &saved)>;
    struct Cached
    {
        int generation = 0;
        ProfileSecrets secrets;
    };

    // Operations on one profile run one after another (a save must not interleave
    // with a read or a forget of the same profile).
    void enqueue(const QString &id, std::function<void()> op);
    void finishOp(const QString &id);

    bool isKeychainProfile(const QString &id) const;
    StoreResult unavailable() const;
    int storedGeneration(const QString &id);
    Profile readMetadata(const QString &id) const;
    bool writeMetadata(const Profile &p, bool withGeneration, QString *error);
    void later(std::function<void()> fn);
    void cleanupOldGeneration(SecretStore *store, const QString &id, int current);
    void doRead(const QString &id, SecretsDone done);
    void doSave(const Profile &p, const ProfileSecrets &secrets, bool isNew, AddDone done);
    void doForget(const QString &id, Done done);

    SecretStore *m_store = nullptr;
    QSettings *m_settings = nullptr;
    const Clock *m_clock = nullptr;
    QHash<QString, Profile> m_profiles;
    QHash<QString, Cached> m_cache;
    QSet<QString> m_sessionIds; ///< made in session-only mode: metadata kept in memory only
    QSet<QString> m_cleaned;    ///< old generations already swept this session
    QHash<QString, QList<std::function<void()>>> m_queues;
    StoreResult::Error m_unavailableError = StoreResult::Error::NoBackend;
    QString m_unavailableMessage;
};

} // namespace a911

#include "tokenvault.h"

#include "clock.h"
#include "logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QPointer>
#include <QSettings>
#include <QUuid>

#include <algorithm>

namespace a911 {

namespace {

const QString kGroup = QStringLiteral("profiles");

QString groupOf(const QString &id)
{
    return kGroup + QLatin1Char('/') + id;
}

QString dateToString(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime dateFromString(const QString &s)
{
    if (s.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(s, Qt::ISODate);
    return t.isValid() ? t.toUTC() : QDateTime();
}

// The one record per profile and generation. Small on purpose: QtKeychain 0.13
// cannot store more than 2 KB in the Windows Credential Manager. The id and the
// generation are inside too, so a record read back is known to be the right one.
QByteArray encodeRecord(const QString &id, int generation, const ProfileSecrets &s)
{
    QJsonObject o;
    o.insert(QStringLiteral("v"), 1);
    o.insert(QStringLiteral("id"), id);
    o.insert(QStringLiteral("gen"), generation);
    o.insert(QStringLiteral("rt"), s.refreshToken);
    o.insert(QStringLiteral("at"), s.accessToken);
    if (!s.clientSecret.isEmpty())
        o.insert(QStringLiteral("cs"), s.clientSecret);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool decodeRecord(const QByteArray &data, const QString &id, int generation, ProfileSecrets *out)
{
    const QJsonDocument doc = QJsonDocument::fromJson(data);
    if (!doc.isObject())
        return false;
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("v")).toInt() != 1 ||
        o.value(QStringLiteral("id")).toString() != id ||
        o.value(QStringLiteral("gen")).toInt() != generation)
        return false;
    out->refreshToken = o.value(QStringLiteral("rt")).toString();
    out->accessToken = o.value(QStringLiteral("at")).toString();
    out->clientSecret = o.value(QStringLiteral("cs")).toString();
    return true;
}

StoreResult errorResult(StoreResult::Error e, const QString &message)
{
    StoreResult r;
    r.error = e;
    r.message = message;
    return r;
}

// Ids in logs are shortened: enough to tell profiles apart, nothing more.
QString shortId(const QString &id)
{
    return id.left(8);
}

} // namespace

TokenVault::TokenVault(SecretStore *store, QSettings *settings, const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_settings(settings)
    , m_clock(clock)
{
}

QString TokenVault::recordKey(const QString &id, int generation)
{
    return QStringLiteral("profile:") + id + QLatin1Char(':') + QString::number(generation);
}

void TokenVault::setStore(SecretStore *store)
{
    if (store == m_store)
        return;
    m_store = store;
    m_cache.clear();
    m_cleaned.clear();
    // Profiles made in session-only mode had their secrets in the old store only.
    if (m_store && m_store->isPersistent()) {
        const auto ids = m_sessionIds;
        m_sessionIds.clear();
        for (const QString &id : ids) {
            m_profiles.remove(id);
            Q_EMIT profileRemoved(id);
        }
    }
    qCInfo(lcVault) << "Secret store switched;"
                    << (isSessionOnly() ? "session-only" : "persistent");
}

bool TokenVault::isSessionOnly() const
{
    return !m_store || !m_store->isPersistent();
}

void TokenVault::setUnavailableReason(StoreResult::Error reason, const QString &message)
{
    m_unavailableError =
        reason == StoreResult::Error::None ? StoreResult::Error::NoBackend : reason;
    m_unavailableMessage = message;
}

StoreResult TokenVault::unavailable() const
{
    return errorResult(m_unavailableError,
                       m_unavailableMessage.isEmpty()
                           ? QStringLiteral("The keychain is not available in this session, so "
                                            "this profile's tokens cannot be read or changed.")
                           : m_unavailableMessage);
}

bool TokenVault::isKeychainProfile(const QString &id) const
{
    return !m_sessionIds.contains(id);
}

Profile TokenVault::readMetadata(const QString &id) const
{
    Profile p;
    m_settings->beginGroup(groupOf(id));
    p.id = id;
    p.label = m_settings->value(QStringLiteral("label")).toString();
    p.agencyId = m_settings->value(QStringLiteral("agencyId")).toString();
    p.agencyName = m_settings->value(QStringLiteral("agencyName")).toString();
    p.scopes = m_settings->value(QStringLiteral("scopes"))
                   .toString()
                   .split(QLatin1Char(' '), Qt::SkipEmptyParts);
    p.origin = m_settings->value(QStringLiteral("origin")).toString() == QLatin1String("app")
                   ? ProfileOrigin::RegisteredApp
                   : ProfileOrigin::PersonalPage;
    p.clientId = m_settings->value(QStringLiteral("clientId")).toString();
    p.accessExpiry = dateFromString(m_settings->value(QStringLiteral("accessExpiry")).toString());
    p.refreshIssued = dateFromString(m_settings->value(QStringLiteral("refreshIssued")).toString());
    p.lastRefreshed = dateFromString(m_settings->value(QStringLiteral("lastRefreshed")).toString());
    p.needsRegeneration = m_settings->value(QStringLiteral("needsRegeneration"), false).toBool();
    p.secretGeneration = m_settings->value(QStringLiteral("generation"), 0).toInt();
    m_settings->endGroup();
    if (p.label.isEmpty())
        p.label = p.agencyName.isEmpty() ? id.left(8) : p.agencyName;
    return p;
}

bool TokenVault::writeMetadata(const Profile &p, bool withGeneration, QString *error)
{
    if (!isKeychainProfile(p.id))
        return true; // session-only: gone at quit like its secrets
    m_settings->beginGroup(groupOf(p.id));
    m_settings->setValue(QStringLiteral("label"), p.label);
    m_settings->setValue(QStringLiteral("agencyId"), p.agencyId);
    m_settings->setValue(QStringLiteral("agencyName"), p.agencyName);
    m_settings->setValue(QStringLiteral("scopes"), p.scopes.join(QLatin1Char(' ')));
    m_settings->setValue(QStringLiteral("origin"), p.origin == ProfileOrigin::RegisteredApp
                                                       ? QStringLiteral("app")
                                                       : QStringLiteral("personal"));
    m_settings->setValue(QStringLiteral("clientId"), p.clientId);
    m_settings->setValue(QStringLiteral("accessExpiry"), dateToString(p.accessExpiry));
    m_settings->setValue(QStringLiteral("refreshIssued"), dateToString(p.refreshIssued));
    m_settings->setValue(QStringLiteral("lastRefreshed"), dateToString(p.lastRefreshed));
    m_settings->setValue(QStringLiteral("needsRegeneration"), p.needsRegeneration);
    if (withGeneration)
        m_settings->setValue(QStringLiteral("generation"), p.secretGeneration);
    m_settings->endGroup();
    m_settings->sync();
    if (m_settings->status() != QSettings::NoError) {
        if (error)
            *error = QStringLiteral("The settings file could not be written.");
        return false;
    }
    return true;
}

int TokenVault::storedGeneration(const QString &id)
{
    if (!isKeychainProfile(id))
        return m_profiles.value(id).secretGeneration;
    // Another process (the command line next to the GUI) may have saved since: the
    // settings file is the truth about which record is current.
    m_settings->sync();
    const QString key = groupOf(id) + QStringLiteral("/generation");
    if (!m_settings->contains(key))
        return m_profiles.value(id).secretGeneration;
    const int gen = m_settings->value(key).toInt();
    auto it = m_profiles.find(id);
    if (it != m_profiles.end())
        it->secretGeneration = gen;
    return gen;
}

void TokenVault::load()
{
    m_settings->sync();
    QHash<QString, Profile> loaded;
    m_settings->beginGroup(kGroup);
    const QStringList ids = m_settings->childGroups();
    m_settings->endGroup();
    for (const QString &id : ids)
        loaded.insert(id, readMetadata(id));
    for (const QString &id : std::as_const(m_sessionIds))
        loaded.insert(id, m_profiles.value(id));

    const auto old = m_profiles;
    m_profiles = loaded;
    for (auto it = old.cbegin(); it != old.cend(); ++it) {
        if (!loaded.contains(it.key())) {
            m_cache.remove(it.key());
            Q_EMIT profileRemoved(it.key());
        }
    }
    for (auto it = loaded.cbegin(); it != loaded.cend(); ++it) {
        if (!old.contains(it.key()))
            Q_EMIT profileAdded(it.key());
        else if (old.value(it.key()).secretGeneration != it->secretGeneration ||
                 old.value(it.key()).label != it->label)
            Q_EMIT profileChanged(it.key());
    }
    qCInfo(lcVault) << "Loaded" << m_profiles.size() << "profile(s)";
}

QList<Profile> TokenVault::profiles() const
{
    QList<Profile> list = m_profiles.values();
    std::sort(list.begin(), list.end(), [](const Profile &a, const Profile &b) {
        const int c = a.label.compare(b.label, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a.id < b.id;
    });
    return list;
}

Profile TokenVault::profile(const QString &id) const
{
    return m_profiles.value(id);
}

QString TokenVault::find(const QString &nameOrId) const
{
    const QString wanted = nameOrId.trimmed();
    if (wanted.isEmpty())
        return {};
    if (m_profiles.contains(wanted))
        return wanted;
    const auto unique = [this](const std::function<bool(const Profile &)> &match) {
        QString found;
        for (const Profile &p : m_profiles) {
            if (!match(p))
                continue;
            if (!found.isEmpty())
                return QStringLiteral("\n"); // ambiguous
            found = p.id;
        }
        return found;
    };
    QString id =
        unique([&](const Profile &p) { return p.label.compare(wanted, Qt::CaseInsensitive) == 0; });
    if (id.isEmpty())
        id = unique([&](const Profile &p) {
            return p.agencyName.compare(wanted, Qt::CaseInsensitive) == 0 || p.agencyId == wanted;
        });
    return id == QLatin1String("\n") ? QString() : id;
}

QString TokenVault::uniqueLabel(const QString &wanted) const
{
    QString base = wanted.simplified();
    if (base.isEmpty())
        base = QStringLiteral("Profile");
    const auto taken = [this](const QString &label) {
        return std::any_of(m_profiles.cbegin(), m_profiles.cend(), [&](const Profile &p) {
            return p.label.compare(label, Qt::CaseInsensitive) == 0;
        });
    };
    if (!taken(base))
        return base;
    for (int n = 2;; ++n) {
        const QString candidate =
            base + QStringLiteral(" (") + QString::number(n) + QLatin1Char(')');
        if (!taken(candidate))
            return candidate;
    }
}

void TokenVault::enqueue(const QString &id, std::function<void()> op)
{
    auto &queue = m_queues[id];
    queue.append(std::move(op));
    if (queue.size() == 1)
        queue.first()();
}

void TokenVault::finishOp(const QString &id)
{
    auto it = m_queues.find(id);
    if (it == m_queues.end())
        return;
    it->removeFirst();
    if (it->isEmpty()) {
        m_queues.erase(it);
        return;
    }
    QPointer<TokenVault> self(this);
    QMetaObject::invokeMethod(
        this,
        [self, id] {
            if (!self)
                return;
            auto q = self->m_queues.constFind(id);
            if (q != self->m_queues.cend() && !q->isEmpty())
                q->first()();
        },
        Qt::QueuedConnection);
}

void TokenVault::later(std::function<void()> fn)
{
    QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
}

void TokenVault::readSecrets(const QString &id, SecretsDone done)
{
    QPointer<TokenVault> self(this);
    enqueue(id, [self, id, done] {
        self->doRead(id, [self, id, done](const StoreResult &r, const ProfileSecrets &s) {
            if (self)
                self->finishOp(id);
            if (done)
                done(r, s);
        });
    });
}

void TokenVault::doRead(const QString &id, SecretsDone done)
{
    if (!m_profiles.contains(id)) {
        later([done] {
            done(errorResult(StoreResult::Error::NotFound,
                             QStringLiteral("There is no such profile.")),
                 {});
        });
        return;
    }
    // A keychain profile while the keychain is out of reach: say why, never "no token".
    if (isKeychainProfile(id) && isSessionOnly()) {
        const StoreResult r = unavailable();
        later([done, r] { done(r, {}); });
        return;
    }
    const int gen = storedGeneration(id);
    const auto cached = m_cache.constFind(id);
    if (cached != m_cache.cend() && cached->generation == gen) {
        const ProfileSecrets s = cached->secrets;
        later([done, s] { done({}, s); });
        return;
    }
    SecretStore *store = m_store;
    QPointer<TokenVault> self(this);
    store->read(recordKey(id, gen), [self, store, id, gen, done](const StoreResult &r) {
        if (!self)
            return done(r, {});
        if (!r.ok()) {
            qCWarning(lcVault) << "Reading the secrets of profile" << shortId(id)
                               << "failed:" << r.message;
            StoreResult out = r;
            out.data.clear();
            if (r.error == StoreResult::Error::NotFound)
                out.message = QStringLiteral("The keychain holds no tokens for this profile.");
            return done(out, {});
        }
        ProfileSecrets s;
        if (!decodeRecord(r.data, id, gen, &s)) {
            qCWarning(lcVault) << "The keychain record of profile" << shortId(id) << "is damaged";
            return done(
                errorResult(StoreResult::Error::Other,
                            QStringLiteral("The keychain record of this profile is damaged.")),
                {});
        }
        self->m_cache.insert(id, {gen, s});
        // The store demonstrably works and is unlocked: sweep a record left over by
        // a save that was interrupted before it could delete the old generation.
        if (store->isPersistent() && !self->m_cleaned.contains(id)) {
            self->m_cleaned.insert(id);
            self->cleanupOldGeneration(store, id, gen);
        }
        done({}, s);
    });
}

void TokenVault::cleanupOldGeneration(SecretStore *store, const QString &id, int current)
{
    if (current <= 1)
        return;
    store->remove(recordKey(id, current - 1), [id](const StoreResult &r) {
        if (r.ok())
            qCInfo(lcVault) << "Removed a leftover record of profile" << shortId(id);
    });
}

void TokenVault::addProfile(Profile p, const ProfileSecrets &secrets, AddDone done)
{
    if (p.id.isEmpty())
        p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (m_profiles.contains(p.id)) {
        later(
            [done] { done(false, QStringLiteral("A profile with this id already exists."), {}); });
        return;
    }
    p.label = uniqueLabel(p.label.isEmpty() ? p.agencyName : p.label);
    QPointer<TokenVault> self(this);
    const QString id = p.id;
    enqueue(id, [self, p, secrets, done, id] {
        self->doSave(p, secrets, true,
                     [self, id, done](bool ok, const QString &error, const Profile &saved) {
                         if (self)
                             self->finishOp(id);
                         if (done)
                             done(ok, error, saved);
                     });
    });
}

void TokenVault::updateProfile(const Profile &p, const ProfileSecrets &secrets, Done done)
{
    QPointer<TokenVault> self(this);
    const QString id = p.id;
    enqueue(id, [self, p, secrets, done, id] {
        self->doSave(p, secrets, false,
                     [self, id, done](bool ok, const QString &error, const Profile &) {
                         if (self)
                             self->finishOp(id);
                         if (done)
                             done(ok, error);
                     });
    });
}

// The crash-safe save: (1) write the secrets as a new generation, (2) read them back
// and compare, (3) point the metadata at the new generation and sync() it to disk,
// (4) delete the old generation. A kill before (3) leaves the old generation current
// and intact; a kill after it leaves the new one current. Nothing of the old
// generation is touched before the new one is known to be readable.
void TokenVault::doSave(const Profile &p, const ProfileSecrets &secrets, bool isNew, AddDone done)
{
    const auto fail = [this, done](const QString &error) {
        later([done, error] { done(false, error, {}); });
    };
    if (!isNew && !m_profiles.contains(p.id))
        return fail(QStringLiteral("There is no such profile."));
    SecretStore *store = m_store;
    if (!store)
        return fail(QStringLiteral("No secret store is set up."));
    const bool keychainProfile = isNew ? store->isPersistent() : isKeychainProfile(p.id);
    if (keychainProfile && !store->isPersistent())
        return fail(unavailable().message); // a locked keychain is never overwritten

    const int oldGen = isNew ? 0 : storedGeneration(p.id);
    const int newGen = oldGen + 1;
    const QString newKey = recordKey(p.id, newGen);
    const QByteArray record = encodeRecord(p.id, newGen, secrets);
    if (record.size() > maxRecordBytes)
        return fail(QStringLiteral("The tokens are too large for the keychain (over 2 KB)."));

    QPointer<TokenVault> self(this);
    const auto storeFailed = [](const char *step, const QString &id,
                                const StoreResult &r) -> QString {
        qCWarning(lcVault) << "Saving profile" << shortId(id) << "failed at" << step << ':'
                           << r.message;
        return QStringLiteral("The keychain refused the new tokens: ") + r.message;
    };

    store->write(newKey, record, [=](const StoreResult &w) {
        if (!self)
            return;
        if (!w.ok())
            return done(false, storeFailed("write", p.id, w), {});
        store->read(newKey, [=](const StoreResult &r) {
            if (!self)
                return;
            if (!r.ok())
                return done(false, storeFailed("read-back", p.id, r), {});
            if (r.data != record) {
                qCWarning(lcVault)
                    << "Saving profile" << shortId(p.id) << "failed: the record read back differs";
                return done(false, QStringLiteral("The keychain did not give back what was saved."),
                            {});
            }
            Profile saved = p;
            saved.secretGeneration = newGen;
            const Profile before = self->m_profiles.value(p.id);
            if (isNew && !keychainProfile)
                self->m_sessionIds.insert(p.id);
            if (!isNew && saved.label.trimmed().isEmpty())
                saved.label = before.label;
            QString error;
            if (!self->writeMetadata(saved, true, &error)) {
                if (!isNew)
                    self->writeMetadata(before, true, nullptr);
                self->m_sessionIds.remove(p.id);
                qCWarning(lcVault) << "Saving profile" << shortId(p.id) << "failed:" << error;
                return done(false, error, {});
            }
            self->m_profiles.insert(p.id, saved);
            self->m_cache.insert(p.id, {newGen, secrets});
            if (isNew) {
                qCInfo(lcVault) << "Added profile" << shortId(p.id)
                                << (keychainProfile ? "(keychain)" : "(session only)");
                Q_EMIT self->profileAdded(p.id);
                return done(true, {}, saved);
            }
            Q_EMIT self->profileChanged(p.id);
            store->remove(recordKey(p.id, oldGen), [=](const StoreResult &d) {
                if (!d.ok() && d.error != StoreResult::Error::NotFound)
                    qCWarning(lcVault) << "The previous record of profile" << shortId(p.id)
                                       << "could not be removed:" << d.message;
                qCInfo(lcVault) << "Saved new tokens for profile" << shortId(p.id);
                done(true, {}, saved);
            });
        });
    });
}

void TokenVault::updateMetadata(const Profile &p)
{
    auto it = m_profiles.find(p.id);
    if (it == m_profiles.end())
        return;
    Profile merged = p;
    merged.secretGeneration = it->secretGeneration; // only a save moves the generation
    if (merged.label.trimmed().isEmpty())
        merged.label = it->label;
    *it = merged;
    writeMetadata(merged, false, nullptr);
    Q_EMIT profileChanged(p.id);
}

bool TokenVault::rename(const QString &id, const QString &label, QString *error)
{
    const auto setError = [error](const QString &e) {
        if (error)
            *error = e;
        return false;
    };
    auto it = m_profiles.find(id);
    if (it == m_profiles.end())
        return setError(QStringLiteral("There is no such profile."));
    const QString wanted = label.simplified();
    if (wanted.isEmpty())
        return setError(QStringLiteral("A profile needs a name."));
    for (const Profile &other : std::as_const(m_profiles)) {
        if (other.id != id && other.label.compare(wanted, Qt::CaseInsensitive) == 0)
            return setError(QStringLiteral("Another profile is already called \"") + wanted +
                            QStringLiteral("\"."));
    }
    it->label = wanted;
    writeMetadata(*it, false, nullptr);
    Q_EMIT profileChanged(id);
    return true;
}

void TokenVault::forget(const QString &id, Done done)
{
    QPointer<TokenVault> self(this);
    enqueue(id, [self, id, done] {
        self->doForget(id, [self, id, done](bool ok, const QString &error) {
            if (self)
                self->finishOp(id);
            if (done)
                done(ok, error);
        });
    });
}

void TokenVault::doForget(const QString &id, Done done)
{
    if (!m_profiles.contains(id)) {
        later([done] { done(false, QStringLiteral("There is no such profile.")); });
        return;
    }
    const bool keychainProfile = isKeychainProfile(id);
    if (keychainProfile && isSessionOnly()) {
        const QString why = unavailable().message;
        later([done, why] { done(false, why); });
        return;
    }
    SecretStore *store = m_store;
    const int gen = storedGeneration(id);
    QPointer<TokenVault> self(this);
    const auto dropMetadata = [self, id, keychainProfile, done] {
        if (!self)
            return;
        if (keychainProfile) {
            self->m_settings->remove(groupOf(id));
            self->m_settings->sync();
        }
        self->m_profiles.remove(id);
        self->m_cache.remove(id);
        self->m_sessionIds.remove(id);
        self->m_cleaned.remove(id);
        qCInfo(lcVault) << "Forgot profile" << shortId(id);
        Q_EMIT self->profileRemoved(id);
        done(true, {});
    };
    store->remove(recordKey(id, gen), [=](const StoreResult &r) {
        if (!self)
            return;
        // Locked, denied, no backend: keep everything, or the secret would be orphaned.
        if (!r.ok() && r.error != StoreResult::Error::NotFound) {
            qCWarning(lcVault) << "Forgetting profile" << shortId(id) << "failed:" << r.message;
            return done(false,
                        QStringLiteral("The keychain entry could not be deleted: ") + r.message);
        }
        // Leftovers of interrupted saves, on either side of the current generation.
        store->remove(recordKey(id, gen + 1), [=](const StoreResult &) {
            if (gen <= 1)
                return dropMetadata();
            store->remove(recordKey(id, gen - 1), [=](const StoreResult &) { dropMetadata(); });
        });
    });
}

} // namespace a911

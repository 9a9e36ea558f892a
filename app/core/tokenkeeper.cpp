#include "tokenkeeper.h"

#include "clock.h"
#include "logging.h"
#include "tokenlifetime.h"
#include "tokenvault.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace a911 {

namespace {

constexpr int kJumpCheckIntervalMs = 30 * 1000;
// Longest single wait of the schedule timer; it then re-evaluates (QTimer takes int ms,
// and a monotonic timer does not count suspended time anyway).
constexpr qint64 kMaxTimerMs = 6 * 3600 * 1000;

QString shortId(const QString &id)
{
    return id.left(8);
}

TokenResult failureResult(TokenResult::Failure f, const QString &message)
{
    TokenResult t;
    t.failure = f;
    t.message = message;
    return t;
}

TokenResult tokenResult(const QString &token)
{
    TokenResult t;
    t.accessToken = token;
    return t;
}

/// The stored access token still works for a while (used when no refresh is possible).
bool stillValid(const Profile &p, const ProfileSecrets &s, const QDateTime &now)
{
    return !s.accessToken.isEmpty() && p.accessExpiry.isValid() && p.accessExpiry > now;
}

} // namespace

TokenKeeper::TokenKeeper(TokenVault *vault, RefreshClient *client, const Clock *clock,
                         QObject *parent)
    : QObject(parent),
      m_vault(vault),
      m_client(client),
      m_clock(clock),
      m_timer(new QTimer(this)),
      m_jumpTimer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &TokenKeeper::onTimer);

    m_jumpTimer->setTimerType(Qt::CoarseTimer);
    m_jumpTimer->setInterval(kJumpCheckIntervalMs);
    connect(m_jumpTimer, &QTimer::timeout, this, [this] { checkClockJump(); });
    m_mono.start();
    m_lastWall = m_clock->now();
    m_jumpTimer->start();

    connect(m_vault, &TokenVault::profileAdded, this, [this](const QString &) { reschedule(); });
    connect(m_vault, &TokenVault::profileChanged, this, [this](const QString &id) {
        auto it = m_entries.find(id);
        if (it != m_entries.end() && it->status.activity == Activity::NeedsRegeneration
            && !m_vault->profile(id).needsRegeneration)
            setActivity(id, Activity::Idle);
        reschedule();
    });
    connect(m_vault, &TokenVault::profileRemoved, this, [this](const QString &id) {
        forgetProfile(id);
        reschedule();
    });
    // The vault may be loaded after we are built: look at the profiles once the loop runs.
    QTimer::singleShot(0, this, &TokenKeeper::recheck);
}

void TokenKeeper::setLeadTimeSecs(qint64 secs)
{
    m_leadSecs = std::max<qint64>(0, secs);
    reschedule();
}

void TokenKeeper::setAutoRefresh(bool on)
{
    if (m_auto == on)
        return;
    m_auto = on;
    if (on) {
        m_mono.restart();
        m_lastWall = m_clock->now();
        m_jumpTimer->start();
        recheck();
        return;
    }
    m_jumpTimer->stop();
    // Background retries stop; on-demand ones (with waiters) carry on.
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->retryPending && it->waiters.isEmpty()) {
            it->retryPending = false;
            it->status.nextRetry = {};
            if (it->status.activity == Activity::RetryWait)
                it->status.activity = Activity::Idle;
            emit statusChanged(it.key());
        }
    }
    reschedule();
}

void TokenKeeper::setBackoff(int baseMs, int maxMs)
{
    m_baseMs = std::max(1, baseMs);
    m_maxMs = std::max(m_baseMs, maxMs);
}

void TokenKeeper::setMaxAttempts(int attempts)
{
    m_maxAttempts = std::max(1, attempts);
}

TokenKeeper::Status TokenKeeper::status(const QString &profileId) const
{
    const auto it = m_entries.constFind(profileId);
    if (it != m_entries.constEnd())
        return it->status;
    Status s;
    if (m_vault->profile(profileId).needsRegeneration)
        s.activity = Activity::NeedsRegeneration;
    return s;
}

qint64 TokenKeeper::backoffDelayMs(int attempt, int baseMs, int maxMs, double jitter01)
{
    const double nominal = std::min<double>(maxMs, baseMs * std::pow(2.0, std::max(0, attempt - 1)));
    const double j = std::clamp(jitter01, 0.0, 1.0);
    const double jittered = nominal * (0.8 + 0.4 * j);
    return std::max<qint64>(1, static_cast<qint64>(std::min<double>(jittered, maxMs)));
}

qint64 TokenKeeper::nextDelayMs(int attempt) const
{
    return backoffDelayMs(attempt, m_baseMs, m_maxMs, QRandomGenerator::global()->generateDouble());
}

void TokenKeeper::accessToken(const QString &profileId, Done done, bool force)
{
    QPointer<TokenKeeper> self(this);
    if (!m_vault->contains(profileId)) {
        QMetaObject::invokeMethod(
            this,
            [done] {
                done(failureResult(TokenResult::Failure::NoSuchProfile,
                                   QStringLiteral("There is no such profile.")));
            },
            Qt::QueuedConnection);
        return;
    }
    m_vault->readSecrets(profileId, [self, profileId, done, force](const StoreResult &r,
                                                                  const ProfileSecrets &s) {
        if (!self)
            return;
        if (!r.ok()) {
            TokenResult t = failureResult(TokenResult::Failure::Store,
                                          QStringLiteral("The token could not be read from the "
                                                         "keychain: %1")
                                              .arg(r.message));
            t.storeError = r.error;
            done(t);
            return;
        }
        const Profile p = self->m_vault->profile(profileId);
        if (!p.isValid()) {
            done(failureResult(TokenResult::Failure::NoSuchProfile,
                               QStringLiteral("There is no such profile.")));
            return;
        }
        const QDateTime now = self->m_clock->now();
        if (!force && !s.accessToken.isEmpty() && p.accessExpiry.isValid()
            && TokenLifetime::accessSecondsLeft(p, now) > self->m_leadSecs) {
            done(tokenResult(s.accessToken));
            return;
        }
        if (p.needsRegeneration) {
            // The service already refused this refresh token; asking again will not help.
            if (!force && stillValid(p, s, now))
                done(tokenResult(s.accessToken));
            else
                done(failureResult(TokenResult::Failure::Rejected,
                                   QStringLiteral("The refresh token of “%1” was rejected; "
                                                  "generate a new token for it.")
                                       .arg(p.label)));
            return;
        }
        Entry &e = self->m_entries[profileId];
        e.waiters.append(Waiter{done, force});
        if (e.inFlight)
            return; // coalesced into the exchange under way
        if (e.retryPending && e.waiters.size() > 1)
            return; // joins the on-demand retry already scheduled
        // Someone is waiting: skip a background backoff and try now.
        e.retryPending = false;
        e.demandAttempts = 0;
        self->startExchange(profileId);
    });
}

void TokenKeeper::refreshNow(const QString &profileId)
{
    if (!m_vault->contains(profileId))
        return;
    Entry &e = m_entries[profileId];
    if (e.inFlight)
        return;
    e.retryPending = false;
    startExchange(profileId);
}

void TokenKeeper::recheck()
{
    if (m_auto) {
        const QDateTime now = m_clock->now();
        const QList<Profile> all = m_vault->profiles();
        for (const Profile &p : all) {
            if (p.needsRegeneration || !p.accessExpiry.isValid())
                continue;
            const Entry e = m_entries.value(p.id);
            if (e.inFlight || e.retryPending)
                continue;
            if (p.accessExpiry.addSecs(-m_leadSecs) <= now) {
                qCInfo(lcRefresh) << "Access token of profile" << shortId(p.id)
                                  << "is due for refresh";
                startExchange(p.id);
            }
        }
    }
    reschedule();
}

qint64 TokenKeeper::checkClockJump()
{
    const QDateTime now = m_clock->now();
    const qint64 wallMs = m_lastWall.msecsTo(now);
    const qint64 monoMs = m_mono.restart();
    m_lastWall = now;
    const qint64 diffMs = wallMs - monoMs;
    if (std::abs(diffMs) <= m_jumpThresholdMs)
        return 0;
    const qint64 secs = diffMs / 1000;
    qCInfo(lcRefresh) << "Wall clock jumped by" << secs << "s (sleep/wake or a clock change); "
                                                           "rechecking expiries";
    // After a wake-up the network is likely back: background retries go now.
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->retryPending && it->waiters.isEmpty())
            it->retryAt = QDeadlineTimer(0);
    }
    emit clockJumped(secs);
    onTimer(); // due retries, then every expiry, then the next timer
    return secs;
}

void TokenKeeper::startExchange(const QString &id)
{
    Entry &e = m_entries[id];
    e.inFlight = true;
    e.retryPending = false;
    e.status.nextRetry = {};
    setActivity(id, Activity::Refreshing);
    emit refreshStarted(id);

    QPointer<TokenKeeper> self(this);
    m_vault->readSecrets(id, [self, id](const StoreResult &r, const ProfileSecrets &s) {
        if (!self)
            return;
        if (!r.ok()) {
            const QString message =
                QStringLiteral("The token could not be read from the keychain: %1").arg(r.message);
            Entry &e = self->m_entries[id];
            e.inFlight = false;
            e.status.lastError = message;
            QList<Waiter> waiters;
            waiters.swap(e.waiters);
            e.demandAttempts = 0;
            self->setActivity(id, Activity::Idle);
            emit self->refreshFailed(id, message, -1);
            TokenResult t = failureResult(TokenResult::Failure::Store, message);
            t.storeError = r.error;
            for (const Waiter &w : waiters)
                w.done(t);
            if (self)
                self->reschedule();
            return;
        }
        const Profile p = self->m_vault->profile(id);
        if (!p.isValid()) {
            self->forgetProfile(id);
            return;
        }
        self->m_client->refresh(p, s, [self, id, s](const RefreshResult &rr) {
            if (self)
                self->finishExchange(id, rr, s);
        });
    });
}

void TokenKeeper::flushWaiters(const QString &id, const TokenResult &success,
                               const ProfileSecrets &old, TokenResult::Failure failure,
                               const QString &message)
{
    auto it = m_entries.find(id);
    if (it == m_entries.end())
        return;
    QList<Waiter> waiters;
    waiters.swap(it->waiters);
    it->demandAttempts = 0;
    const Profile p = m_vault->profile(id);
    const QDateTime now = m_clock->now();
    for (const Waiter &w : waiters) {
        if (failure == TokenResult::Failure::None)
            w.done(success);
        else if (!w.force && stillValid(p, old, now))
            w.done(tokenResult(old.accessToken)); // keep using it while it lasts
        else
            w.done(failureResult(failure, message));
    }
}

void TokenKeeper::scheduleRetry(const QString &id, int attempt)
{
    Entry &e = m_entries[id];
    const qint64 delay = nextDelayMs(attempt);
    e.retryPending = true;
    e.retryAt = QDeadlineTimer(delay);
    e.status.nextRetry = m_clock->now().addMSecs(delay);
    setActivity(id, Activity::RetryWait);
}

void TokenKeeper::finishExchange(const QString &id, const RefreshResult &r,
                                 const ProfileSecrets &old)
{
    Entry &e = m_entries[id];
    e.inFlight = false;
    Profile p = m_vault->profile(id);
    if (!p.isValid()) {
        forgetProfile(id);
        return;
    }
    const QDateTime now = m_clock->now();
    QPointer<TokenKeeper> self(this);

    switch (r.outcome) {
    case RefreshResult::Outcome::Success: {
        p.accessExpiry = r.accessExpiry;
        p.lastRefreshed = now;
        p.needsRegeneration = false;
        if (!r.scopes.isEmpty())
            p.scopes = r.scopes;
        ProfileSecrets fresh = old;
        fresh.accessToken = r.accessToken;
        // api_access.php sends no refresh token: the old one stays. token.php may rotate it.
        if (!r.refreshToken.isEmpty() && r.refreshToken != old.refreshToken) {
            fresh.refreshToken = r.refreshToken;
            p.refreshIssued = now;
        }
        e.inFlight = true; // still saving: later callers join rather than start another
        const QString token = r.accessToken;
        m_vault->updateProfile(p, fresh, [self, id, token, old](bool ok, const QString &error) {
            if (!self)
                return;
            Entry &e = self->m_entries[id];
            e.inFlight = false;
            e.status.attempt = 0;
            e.status.nextRetry = {};
            if (ok) {
                e.status.lastError.clear();
                self->setActivity(id, Activity::Idle);
                emit self->refreshed(id);
            } else {
                // The old record stays readable (the vault is crash-safe); this token works
                // until it expires, and the next request refreshes again.
                e.status.lastError =
                    QStringLiteral("The new access token could not be saved: %1").arg(error);
                qCWarning(lcRefresh) << "Could not save the refreshed token of profile"
                                     << shortId(id);
                self->setActivity(id, Activity::Idle);
                emit self->refreshFailed(id, e.status.lastError, -1);
            }
            if (!self)
                return;
            self->flushWaiters(id, tokenResult(token), old, TokenResult::Failure::None, {});
            if (self)
                self->reschedule();
        });
        return;
    }
    case RefreshResult::Outcome::Rejected: {
        p.needsRegeneration = true;
        e.status.lastError = r.message;
        e.status.attempt = 0;
        e.status.nextRetry = {};
        e.retryPending = false;
        // Only the flag changes: the tokens stay where they are.
        m_vault->updateMetadata(p);
        setActivity(id, Activity::NeedsRegeneration);
        emit regenerationNeeded(id);
        if (!self)
            return;
        emit refreshFailed(id, r.message, -1);
        if (!self)
            return;
        flushWaiters(id, {}, old, TokenResult::Failure::Rejected, r.message);
        if (self)
            reschedule();
        return;
    }
    case RefreshResult::Outcome::Transient:
        break;
    }

    e.status.attempt += 1;
    e.status.lastError = r.message;
    if (!e.waiters.isEmpty()) {
        e.demandAttempts += 1;
        if (e.demandAttempts < m_maxAttempts) {
            scheduleRetry(id, e.demandAttempts);
            const qint64 inSecs = (m_entries[id].retryAt.remainingTime() + 999) / 1000;
            emit refreshFailed(id, r.message, inSecs);
            if (self)
                reschedule();
            return;
        }
        const QString message =
            QStringLiteral("%1 (gave up after %2 attempts)").arg(r.message).arg(e.demandAttempts);
        flushWaiters(id, {}, old, TokenResult::Failure::Transient, message);
        if (!self)
            return;
    }
    Entry &after = m_entries[id];
    if (m_auto) {
        scheduleRetry(id, after.status.attempt);
        const qint64 inSecs = (m_entries[id].retryAt.remainingTime() + 999) / 1000;
        emit refreshFailed(id, r.message, inSecs);
    } else {
        setActivity(id, Activity::Idle);
        emit refreshFailed(id, r.message, -1);
    }
    if (self)
        reschedule();
}

void TokenKeeper::setActivity(const QString &id, Activity a)
{
    m_entries[id].status.activity = a;
    emit statusChanged(id);
}

void TokenKeeper::forgetProfile(const QString &id)
{
    auto it = m_entries.find(id);
    if (it == m_entries.end())
        return;
    QList<Waiter> waiters;
    waiters.swap(it->waiters);
    m_entries.erase(it);
    for (const Waiter &w : waiters)
        w.done(failureResult(TokenResult::Failure::NoSuchProfile,
                             QStringLiteral("The profile was removed.")));
}

void TokenKeeper::reschedule()
{
    qint64 soonest = -1;
    auto consider = [&soonest](qint64 ms) {
        ms = std::max<qint64>(0, ms);
        if (soonest < 0 || ms < soonest)
            soonest = ms;
    };
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        if (it->retryPending && !it->inFlight)
            consider(it->retryAt.remainingTime());
    }
    if (m_auto) {
        const QDateTime now = m_clock->now();
        const QList<Profile> all = m_vault->profiles();
        for (const Profile &p : all) {
            if (p.needsRegeneration || !p.accessExpiry.isValid())
                continue;
            const auto it = m_entries.constFind(p.id);
            if (it != m_entries.cend() && (it->inFlight || it->retryPending))
                continue;
            consider(now.msecsTo(p.accessExpiry.addSecs(-m_leadSecs)));
        }
    }
    if (soonest < 0) {
        m_timer->stop();
        return;
    }
    m_timer->start(static_cast<int>(std::min(soonest, kMaxTimerMs)));
}

void TokenKeeper::onTimer()
{
    const QStringList ids = m_entries.keys();
    for (const QString &id : ids) {
        const auto it = m_entries.constFind(id);
        if (it == m_entries.cend())
            continue;
        if (it->retryPending && !it->inFlight && it->retryAt.hasExpired()) {
            qCInfo(lcRefresh) << "Retrying the refresh of profile" << shortId(id) << "(attempt"
                              << it->status.attempt + 1 << ")";
            startExchange(id);
        }
    }
    recheck(); // expiry-based ones, then the next timer
}

} // namespace a911

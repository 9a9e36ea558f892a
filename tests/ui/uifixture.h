#pragma once

#include "clock.h"
#include "corecontext.h"
#include "profile.h"
#include "tokenkeeper.h"
#include "tokenvault.h"
#include "vaultfixture.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace a911::test {

/// A CoreContext on a temp settings file, session-only (a MemorySecretStore) and a
/// ManualClock; nothing talks to the network unless a test points it at a replica.
class UiFixture
{
public:
    UiFixture()
    {
        CoreOptions o;
        o.settingsFile = m_dir.filePath(QStringLiteral("a911desk.ini"));
        o.sessionOnly = true;
        o.clock = &clock;
        // Port 9 (discard) on loopback: refused, never reaches anything real.
        o.urls = ServiceUrls::forOrigin(QUrl(QStringLiteral("http://127.0.0.1:9")));
        ctx = std::make_unique<CoreContext>(o);
        ctx->keeper()->setAutoRefresh(false);
    }

    QString settingsPath() const { return m_dir.filePath(QStringLiteral("a911desk.ini")); }

    /// Adds a profile whose access token has accessSecsLeft left and whose refresh
    /// token was issued refreshAgeDays ago (365-day year). Empty id on failure.
    QString add(const QString &label, qint64 accessSecsLeft, qint64 refreshAgeSecs = 10 * 86400,
                bool needsRegeneration = false,
                const QString &accessToken = QStringLiteral("acc-TOKEN-0123456789"),
                const QString &refreshToken = QStringLiteral("ref-TOKEN-9876543210"))
    {
        Profile p;
        p.label = label;
        p.agencyId = QStringLiteral("4711");
        p.agencyName = QStringLiteral("Agency of ") + label;
        p.scopes = allScopes();
        p.accessExpiry = clock.now().addSecs(accessSecsLeft);
        p.refreshIssued = clock.now().addSecs(-refreshAgeSecs);
        p.needsRegeneration = needsRegeneration;
        ProfileSecrets s;
        s.accessToken = accessToken;
        s.refreshToken = refreshToken;
        return a911::test::addProfileAndWait(ctx->vault(), p, s, 5000);
    }

private:
    QTemporaryDir m_dir; // first: outlives the settings file's last sync

public:
    ManualClock clock; // before ctx: the context keeps a pointer to it
    std::unique_ptr<CoreContext> ctx;
};

} // namespace a911::test

#include "demomode.h"

#include "corecontext.h"
#include "logging.h"
#include "profileimporter.h"
#include "tokenvault.h"

#include <memory>

namespace a911 {

DemoMode::DemoMode(qint64 accessTtlSecs, QObject *parent)
    : QObject(parent)
{
    replica::ReplicaOptions options;
    options.accessTtlSecs = accessTtlSecs;
    m_replica = std::make_unique<replica::ReplicaServer>(options);
}

DemoMode::~DemoMode() = default;

bool DemoMode::start(QString *error) { return m_replica->start(error); }

QUrl DemoMode::origin() const { return m_replica->origin(); }

void DemoMode::seedProfiles(CoreContext *ctx)
{
    // Demo profiles of an earlier run point at a replica that is gone: replace them.
    const QList<Profile> stale = ctx->vault()->profiles();
    if (stale.isEmpty()) {
        importProfiles(ctx);
        return;
    }
    auto pending = std::make_shared<int>(int(stale.size()));
    for (const Profile &p : stale) {
        ctx->vault()->forget(p.id, [this, ctx, pending](bool ok, const QString &error) {
            if (!ok)
                qCWarning(lcUi) << "Old demo profile not removed:" << error;
            if (--*pending == 0)
                importProfiles(ctx);
        });
    }
}

void DemoMode::importProfiles(CoreContext *ctx)
{
    struct Seed
    {
        QString agencyId;
        QString label;
        QStringList scopes;
        int ageDays;
    };
    QList<Seed> seeds;
    const auto agencies = m_replica->agencies();
    for (const auto &agency : agencies)
        seeds.append({agency.id, agency.name, allScopes(), 12});
    if (!agencies.isEmpty()) {
        // A read-only token made nearly a year ago: shows the regeneration warning.
        seeds.append({agencies.first().id,
                      agencies.first().name + QStringLiteral(" (alerts script)"),
                      {QStringLiteral("read_agency"), QStringLiteral("read_alert"),
                       QStringLiteral("read_response")},
                      345});
    }

    auto importer = std::make_shared<ProfileImporter>(ctx->vault(), ctx->refreshClient(),
                                                      ctx->network(), ctx->urls(), ctx->clock());
    auto remaining = std::make_shared<int>(int(seeds.size()));
    for (const Seed &seed : std::as_const(seeds)) {
        ProfileImporter::Input in;
        in.refreshToken = m_replica->issueRefreshToken(seed.agencyId, seed.scopes);
        in.scopes = seed.scopes;
        in.label = seed.label;
        in.refreshIssued = ctx->clock()->now().addDays(-seed.ageDays);
        importer->import(in, [this, importer, remaining](const ProfileImporter::Result &r) {
            if (!r.ok())
                qCWarning(lcUi) << "Demo profile not created:" << r.message;
            if (--*remaining == 0)
                Q_EMIT seeded();
        });
    }
}

} // namespace a911

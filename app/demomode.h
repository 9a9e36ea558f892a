#pragma once

#include "replicaserver.h"

#include <QObject>

#include <memory>

namespace a911 {

class CoreContext;

/// `a911desk --demo`: an in-process replica of Active911, the app's URLs pointed at
/// it, and a few demo profiles minted by the replica. Demo profiles live in their own
/// settings file and keychain service ("a911desk-demo"), apart from real ones, so that
/// `a911desk token --demo` works while the demo window is open.
class DemoMode final : public QObject
{
    Q_OBJECT
public:
    explicit DemoMode(qint64 accessTtlSecs, QObject *parent = nullptr);
    ~DemoMode() override;

    /// Starts the replica; false with a reason when it cannot listen.
    bool start(QString *error);
    QUrl origin() const;

    /// Replaces whatever demo profiles the context has with fresh ones: one per seeded
    /// agency, and one whose refresh token is in its last weeks (to show the warning).
    void seedProfiles(CoreContext *ctx);

Q_SIGNALS:
    void seeded();

private:
    void importProfiles(CoreContext *ctx);
    std::unique_ptr<replica::ReplicaServer> m_replica;
};

} // namespace a911

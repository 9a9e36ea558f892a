#include "vaultfixture.h"

#include "tokenvault.h"

#include <QTest>

namespace a911::test {

QString addProfileAndWait(TokenVault *vault, const Profile &profile, const ProfileSecrets &secrets,
                          int timeoutMs)
{
    bool done = false;
    QString id;
    vault->addProfile(profile, secrets, [&](bool ok, const QString &, const Profile &saved) {
        done = true;
        if (ok)
            id = saved.id;
    });
    if (!QTest::qWaitFor([&] { return done; }, timeoutMs))
        qWarning("the vault did not answer in time");
    return id;
}

} // namespace a911::test

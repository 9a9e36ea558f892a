#include "scriptedsecretstore.h"

#include <QMetaObject>

namespace a911::test {

ScriptedSecretStore::ScriptedSecretStore(SecretStore *inner, QObject *parent)
    : SecretStore(parent)
    , m_inner(inner)
{
}

void ScriptedSecretStore::failOperation(int index, StoreResult::Error error)
{
    m_failIndex = m_count + index;
    m_failError = error;
}

bool ScriptedSecretStore::shouldFail(const QString &op, const QString &key, Callback &done)
{
    m_log.append(op + QLatin1Char(' ') + key);
    const int n = m_count++;
    StoreResult::Error e = m_failAll;
    if (n == m_failIndex)
        e = m_failError;
    if (e == StoreResult::Error::None)
        return false;
    StoreResult r;
    r.error = e;
    r.message = QStringLiteral("scripted failure");
    QMetaObject::invokeMethod(
        this,
        [done = std::move(done), r] {
            if (done)
                done(r);
        },
        Qt::QueuedConnection);
    return true;
}

void ScriptedSecretStore::read(const QString &key, Callback done)
{
    if (!shouldFail(QStringLiteral("read"), key, done))
        m_inner->read(key, std::move(done));
}

void ScriptedSecretStore::write(const QString &key, const QByteArray &data, Callback done)
{
    if (!shouldFail(QStringLiteral("write"), key, done))
        m_inner->write(key, data, std::move(done));
}

void ScriptedSecretStore::remove(const QString &key, Callback done)
{
    if (!shouldFail(QStringLiteral("remove"), key, done))
        m_inner->remove(key, std::move(done));
}

} // namespace a911::test

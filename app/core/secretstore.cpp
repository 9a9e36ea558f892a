#include "secretstore.h"

#include <QMetaObject>
#include <QPointer>

namespace a911 {

// Answers always come from the event loop, never from inside the call, so code
// tested against this store also copes with the real (asynchronous) keychain.
void MemorySecretStore::answer(Callback done, StoreResult r)
{
    if (!done)
        return;
    QMetaObject::invokeMethod(
        this, [done = std::move(done), r = std::move(r)]() { done(r); }, Qt::QueuedConnection);
}

namespace {
StoreResult failure(StoreResult::Error e)
{
    StoreResult r;
    r.error = e;
    r.message = QStringLiteral("The in-memory store was told to fail (test hook).");
    return r;
}
} // namespace

void MemorySecretStore::read(const QString &key, Callback done)
{
    if (m_failure != StoreResult::Error::None)
        return answer(std::move(done), failure(m_failure));
    StoreResult r;
    const auto it = m_data.constFind(key);
    if (it == m_data.cend()) {
        r.error = StoreResult::Error::NotFound;
        r.message = QStringLiteral("No such entry.");
    } else {
        r.data = *it;
    }
    answer(std::move(done), r);
}

void MemorySecretStore::write(const QString &key, const QByteArray &data, Callback done)
{
    if (m_failure != StoreResult::Error::None)
        return answer(std::move(done), failure(m_failure));
    m_data.insert(key, data);
    answer(std::move(done), {});
}

void MemorySecretStore::remove(const QString &key, Callback done)
{
    if (m_failure != StoreResult::Error::None)
        return answer(std::move(done), failure(m_failure));
    StoreResult r;
    if (!m_data.remove(key)) {
        r.error = StoreResult::Error::NotFound;
        r.message = QStringLiteral("No such entry.");
    }
    answer(std::move(done), r);
}

} // namespace a911

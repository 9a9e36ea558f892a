#include "corecontext.h"

#include "apiclient.h"
#include "keychainsecretstore.h"
#include "logging.h"
#include "refreshclient.h"
#include "secretstore.h"
#include "tokenkeeper.h"
#include "tokenvault.h"

#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QSettings>

namespace a911 {

namespace {

const QString kOrganization = QStringLiteral("a911desk");

std::unique_ptr<QSettings> makeSettings(const CoreOptions &o)
{
    if (!o.settingsFile.isEmpty())
        return std::make_unique<QSettings>(o.settingsFile, QSettings::IniFormat);
    // INI everywhere: one readable file, and demo mode gets a file of its own.
    return std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope, kOrganization,
                                       o.demo ? QStringLiteral("a911desk-demo")
                                              : QStringLiteral("a911desk"));
}

StoreResult::Error storeErrorFor(StoreStatus s)
{
    switch (s) {
    case StoreStatus::Locked:
        return StoreResult::Error::Locked;
    case StoreStatus::AccessDenied:
        return StoreResult::Error::AccessDenied;
    case StoreStatus::NoDBusSession:
    case StoreStatus::NoSecretService:
        return StoreResult::Error::NoBackend;
    case StoreStatus::Unknown:
    case StoreStatus::Working:
    case StoreStatus::Failed:
        break;
    }
    return StoreResult::Error::Other;
}

} // namespace

CoreContext::CoreContext(const CoreOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_settings(makeSettings(options))
    , m_appSettings(m_settings.get())
    , m_clock(options.clock ? options.clock : &m_systemClock)
    , m_nam(new QNetworkAccessManager(this))
{
    if (m_options.urls)
        m_appSettings.setUrls(*m_options.urls);
    m_keychain = new KeychainSecretStore(keychainService(), this);
    m_memory = new MemorySecretStore(this);
    m_vault = new TokenVault(m_options.sessionOnly ? m_memory : m_keychain, m_settings.get(),
                             m_clock, this);
    if (m_options.sessionOnly)
        m_vault->setUnavailableReason(StoreResult::Error::NoBackend,
                                      QStringLiteral("This session keeps tokens in memory only; "
                                                     "the keychain is not used."));
    m_vault->load();
    const ServiceUrls u = urls();
    m_refresh = new RefreshClient(m_nam, u, m_clock, this);
    m_keeper = new TokenKeeper(m_vault, m_refresh, m_clock, this);
    m_keeper->setLeadTimeSecs(m_appSettings.leadTimeSecs());
    m_api = new ApiClient(m_nam, m_keeper, u, this);
}

CoreContext::~CoreContext()
{
    // Users before what they use; the settings outlive the vault.
    delete m_api;
    delete m_keeper;
    delete m_refresh;
    delete m_vault;
    delete m_memory;
    delete m_keychain;
    delete m_nam;
}

QString CoreContext::keychainService() const
{
    return m_options.demo ? QStringLiteral("a911desk-demo") : QStringLiteral("a911desk");
}

ServiceUrls CoreContext::urls() const
{
    return m_appSettings.urls();
}

void CoreContext::setUrls(const ServiceUrls &urls)
{
    m_appSettings.setUrls(urls);
    m_settings->sync();
    m_refresh->setUrls(urls);
    m_api->setUrls(urls);
    Q_EMIT urlsChanged();
}

void CoreContext::probeStore(std::function<void(StoreStatus)> done)
{
    if (m_options.sessionOnly) {
        // Asked not to use the keychain: nothing to probe, the vault already runs on memory.
        QMetaObject::invokeMethod(
            this,
            [this, done] {
                if (done)
                    done(m_storeStatus);
            },
            Qt::QueuedConnection);
        return;
    }
    auto *probe = new StoreProbe(keychainService(), this);
    connect(probe, &StoreProbe::finished, this, [this, probe, done](StoreStatus status) {
        probe->deleteLater();
        m_storeStatus = status;
        if (status == StoreStatus::Working) {
            m_vault->setStore(m_keychain);
        } else {
            qCWarning(lcStore) << "Keychain unusable (" << StoreProbe::statusName(status)
                               << "); tokens are kept in memory for this session";
            m_vault->setStore(m_memory);
            m_vault->setUnavailableReason(storeErrorFor(status), StoreProbe::message(status) +
                                                                     QLatin1Char(' ') +
                                                                     StoreProbe::advice(status));
        }
        Q_EMIT storeStatusChanged(status);
        if (done)
            done(status);
    });
    probe->start();
}

} // namespace a911

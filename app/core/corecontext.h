#pragma once

#include "appsettings.h"
#include "clock.h"
#include "serviceurls.h"
#include "storeprobe.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QSettings;

namespace a911 {

class ApiClient;
class RefreshClient;
class SecretStore;
class TokenKeeper;
class TokenVault;

struct CoreOptions
{
    /// Demo mode: its own settings file and keychain service, so demo profiles never
    /// mix with real ones.
    bool demo = false;
    /// Explicit settings file (tests); empty = the platform's usual place.
    QString settingsFile;
    /// URLs from the command line; they are also remembered in the settings.
    std::optional<ServiceUrls> urls;
    /// Skip the keychain entirely and keep secrets in memory (demo mode, tests).
    bool sessionOnly = false;
    /// Replaces the system clock (tests).
    const Clock *clock = nullptr;
};

/// The core object graph, built once by main (GUI or CLI) and handed to whoever
/// needs a piece. Not a singleton: tests build as many as they like.
class CoreContext final : public QObject
{
    Q_OBJECT
public:
    explicit CoreContext(const CoreOptions &options, QObject *parent = nullptr);
    ~CoreContext() override;

    QString keychainService() const; ///< "a911desk" or "a911desk-demo"
    bool isDemo() const { return m_options.demo; }

    QSettings *settings() const { return m_settings.get(); }
    AppSettings &appSettings() { return m_appSettings; }
    const Clock *clock() const { return m_clock; }
    QNetworkAccessManager *network() const { return m_nam; }
    TokenVault *vault() const { return m_vault; }
    RefreshClient *refreshClient() const { return m_refresh; }
    TokenKeeper *keeper() const { return m_keeper; }
    ApiClient *api() const { return m_api; }

    ServiceUrls urls() const;
    /// New URLs for every client, remembered in the settings.
    void setUrls(const ServiceUrls &urls);

    /// Probes the keychain; when it works the vault uses it, otherwise the vault runs
    /// session-only (memory) and storeStatus() says why. done may be empty.
    void probeStore(std::function<void(StoreStatus)> done);
    StoreStatus storeStatus() const { return m_storeStatus; }

Q_SIGNALS:
    void storeStatusChanged(a911::StoreStatus status);
    void urlsChanged();

private:
    CoreOptions m_options;
    std::unique_ptr<QSettings> m_settings;
    AppSettings m_appSettings;
    SystemClock m_systemClock;
    const Clock *m_clock;
    QNetworkAccessManager *m_nam;
    SecretStore *m_keychain = nullptr;
    SecretStore *m_memory = nullptr;
    TokenVault *m_vault;
    RefreshClient *m_refresh;
    TokenKeeper *m_keeper;
    ApiClient *m_api;
    StoreStatus m_storeStatus = StoreStatus::Unknown;
};

} // namespace a911

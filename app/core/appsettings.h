#pragma once

#include "serviceurls.h"

class QSettings;

namespace a911 {

/// Typed access to the app's non-secret settings. Secrets never go here.
class AppSettings final
{
public:
    explicit AppSettings(QSettings *settings) : m_s(settings) {}
    QSettings *settings() const { return m_s; }

    ServiceUrls urls() const;
    void setUrls(const ServiceUrls &urls);

    int leadTimeSecs() const;            ///< auto-refresh lead time (default 600)
    void setLeadTimeSecs(int secs);
    int clipboardClearSecs() const;      ///< default 30
    void setClipboardClearSecs(int secs);
    int refreshLifetimeDays() const;     ///< default 365
    void setRefreshLifetimeDays(int days);
    bool trayEnabled() const;            ///< default true
    void setTrayEnabled(bool on);
    bool startInTray() const;            ///< default false
    void setStartInTray(bool on);
    bool closeToTray() const;            ///< default false
    void setCloseToTray(bool on);
    qint64 responseSizeCapBytes() const; ///< explorer: parse/show cap (default 32 MiB)
    void setResponseSizeCapBytes(qint64 bytes);
    int historyLimit() const;            ///< explorer history entries kept (default 200)

    /// Range checks the settings dialog uses; empty when fine, else the reason.
    static QString validateLeadTime(int secs);
    static QString validateClipboardDelay(int secs);
    static QString validateRefreshLifetime(int days);

private:
    QSettings *m_s;
};

} // namespace a911

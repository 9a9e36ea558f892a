#include "appsettings.h"

#include <QSettings>

namespace a911 {

namespace {
const QString kLead = QStringLiteral("refresh/leadTimeSecs");
const QString kClip = QStringLiteral("clipboard/clearSecs");
const QString kLife = QStringLiteral("refresh/lifetimeDays");
const QString kTray = QStringLiteral("tray/enabled");
const QString kStartTray = QStringLiteral("tray/startInTray");
const QString kCloseTray = QStringLiteral("tray/closeToTray");
const QString kCap = QStringLiteral("explorer/responseSizeCapBytes");
const QString kHist = QStringLiteral("explorer/historyLimit");
} // namespace

ServiceUrls AppSettings::urls() const { return ServiceUrls::load(*m_s); }
void AppSettings::setUrls(const ServiceUrls &urls) { urls.save(*m_s); }

int AppSettings::leadTimeSecs() const { return m_s->value(kLead, 600).toInt(); }
void AppSettings::setLeadTimeSecs(int secs) { m_s->setValue(kLead, secs); }
int AppSettings::clipboardClearSecs() const { return m_s->value(kClip, 30).toInt(); }
void AppSettings::setClipboardClearSecs(int secs) { m_s->setValue(kClip, secs); }
int AppSettings::refreshLifetimeDays() const { return m_s->value(kLife, 365).toInt(); }
void AppSettings::setRefreshLifetimeDays(int days) { m_s->setValue(kLife, days); }
bool AppSettings::trayEnabled() const { return m_s->value(kTray, true).toBool(); }
void AppSettings::setTrayEnabled(bool on) { m_s->setValue(kTray, on); }
bool AppSettings::startInTray() const { return m_s->value(kStartTray, false).toBool(); }
void AppSettings::setStartInTray(bool on) { m_s->setValue(kStartTray, on); }
bool AppSettings::closeToTray() const { return m_s->value(kCloseTray, false).toBool(); }
void AppSettings::setCloseToTray(bool on) { m_s->setValue(kCloseTray, on); }
qint64 AppSettings::responseSizeCapBytes() const
{
    return m_s->value(kCap, qint64(32) * 1024 * 1024).toLongLong();
}
void AppSettings::setResponseSizeCapBytes(qint64 bytes) { m_s->setValue(kCap, bytes); }
int AppSettings::historyLimit() const { return m_s->value(kHist, 200).toInt(); }

QString AppSettings::validateLeadTime(int secs)
{
    if (secs < 60 || secs > 6 * 3600)
        return QStringLiteral("The refresh lead time must be between 1 minute and 6 hours.");
    return {};
}

QString AppSettings::validateClipboardDelay(int secs)
{
    if (secs < 0)
        return QStringLiteral("The clipboard delay cannot be negative.");
    if (secs > 3600)
        return QStringLiteral("The clipboard delay can be at most one hour (3600 s).");
    if (secs == 0)
        return QStringLiteral("A delay of 0 would clear the clipboard before you can paste; use 5 s or more.");
    return {};
}

QString AppSettings::validateRefreshLifetime(int days)
{
    if (days < 1 || days > 3650)
        return QStringLiteral("The refresh-token lifetime must be between 1 and 3650 days.");
    return {};
}

} // namespace a911

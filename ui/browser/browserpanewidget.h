#pragma once

#include "browserflow.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QToolButton;
class QWebEngineLoadingInfo;
class QWebEngineProfile;
class QWebEngineView;

namespace a911 {

class GuardedPage;

/// The embedded browser: a WebEngine view on a named persistent profile, with the
/// current host and its security shown above it, navigation kept to the console's
/// origins, certificate errors refused and load errors explained with a Retry.
class BrowserPaneWidget final : public QWidget, public BrowserPane
{
    Q_OBJECT
public:
    BrowserPaneWidget(const BrowserOptions &options, const BrowserCallbacks &callbacks,
                      QWidget *parent = nullptr);
    ~BrowserPaneWidget() override;

    QWidget *widget() override { return this; }
    void load(const QUrl &url) override;
    void reload() override;
    QUrl url() const override;
    void runJavaScript(const QString &script,
                       std::function<void(const QVariant &result)> done) override;
    void clearBrowsingData(std::function<void()> done) override;

private:
    void showLocation(const QUrl &url);
    void showError(const QString &message);
    void onLoadingChanged(const QWebEngineLoadingInfo &info);

    BrowserOptions m_options;
    BrowserCallbacks m_callbacks;
    QWebEngineProfile *m_profile = nullptr;
    GuardedPage *m_page = nullptr;
    QWebEngineView *m_view = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_location = nullptr;
    QLabel *m_errorText = nullptr;
    QPushButton *m_retry = nullptr;
    QUrl m_lastRequested;
    QString m_certificateProblem;
    bool m_closing = false;
};

} // namespace a911

#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QTimer;
class QWidget;

namespace a911 {

class MainWindow;

/// For the README only (scripts/screenshots.sh, hidden --docs-screenshot option):
/// waits until the demo profiles show their states, sets up one scene of the real
/// window, saves it as a PNG and reports. Never part of normal use.
class DocsScreenshot final : public QObject
{
    Q_OBJECT
public:
    /// The scenes the README shows.
    static QStringList sceneNames();

    DocsScreenshot(MainWindow *window, const QString &scene, const QString &file,
                   QObject *parent = nullptr);
    /// Begins waiting for the profiles; finished() follows (within a time limit).
    void start();

Q_SIGNALS:
    /// The PNG was written (ok) or why not.
    void finished(bool ok, const QString &message);

private:
    bool profilesSettled() const;
    void poll();
    void setUpScene();
    void setUpExplorer();
    void capture(QWidget *widget);
    void fail(const QString &message);

    QPointer<MainWindow> m_window;
    QString m_scene;
    QString m_file;
    QTimer *m_poll;
    int m_pollsLeft = 0;
    int m_lastCount = -1;
    bool m_done = false;
};

} // namespace a911

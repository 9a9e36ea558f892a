#pragma once

#include "profile.h"
#include "profilestate.h"

#include <QWidget>

class QAction;
class QFrame;
class QLabel;
class QProgressBar;
class QPushButton;
class QToolButton;

namespace a911 {

class CoreContext;

/// The selected profile's two tokens: masked values, the access token's live countdown
/// and day bar, the refresh token's days left with a warning band, and the actions.
class TokenPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit TokenPanel(CoreContext *ctx, QWidget *parent = nullptr);

    void setProfile(const QString &id);
    QString profileId() const { return m_profile.id; }
    /// The action buttons, in order; each button shows the action's shortcut.
    void setActions(const QList<QAction *> &actions);
    QAction *revealAction() const { return m_reveal; }
    /// Re-reads the clock and the keeper; touches only labels whose text changed.
    void updateTimes();
    ProfileStateInfo stateInfo() const { return m_info; }

Q_SIGNALS:
    void regenerateClicked();

protected:
    void changeEvent(QEvent *event) override;

private:
    void reloadProfile();
    void updateHeading();
    void paintBand(DisplayState state);
    void updateSecrets();
    void setTextIfChanged(QLabel *label, const QString &text);
    void setStateLabel(QLabel *label, DisplayState state, const QString &text);

    CoreContext *m_ctx;
    Profile m_profile;
    ProfileStateInfo m_info;
    bool m_haveInfo = false;
    QString m_refreshMessage;
    QAction *m_reveal;
    QLabel *m_title;
    QLabel *m_agency;
    QLabel *m_scopes;
    QLabel *m_state;
    QLabel *m_message;
    QLabel *m_accessToken;
    QLabel *m_accessCountdown;
    QLabel *m_accessState;
    QProgressBar *m_accessBar;
    QLabel *m_refreshToken;
    QLabel *m_refreshDays;
    QFrame *m_band;
    QLabel *m_bandText;
    QPushButton *m_bandRegenerate;
    QWidget *m_actionsBox;
    QToolButton *m_revealButton;
    int m_secretsRequest = 0;
};

} // namespace a911

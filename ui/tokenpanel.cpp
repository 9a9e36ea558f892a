#include "tokenpanel.h"

#include "corecontext.h"
#include "tokenkeeper.h"
#include "tokenlifetime.h"
#include "tokenvault.h"

#include <QAction>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace a911 {

namespace {
const QString kMask = QStringLiteral("••••••••••••••••");

QString plainText(const QAction *a)
{
    QString t = a->text();
    t.remove(QLatin1Char('&'));
    if (t.endsWith(QStringLiteral("…")))
        t.chop(1);
    return t;
}
} // namespace

TokenPanel::TokenPanel(CoreContext *ctx, QWidget *parent)
    : QWidget(parent)
    , m_ctx(ctx)
{
    auto *root = new QVBoxLayout(this);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("panelTitle"));
    QFont f = m_title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.3);
    m_title->setFont(f);
    m_agency = new QLabel(this);
    m_agency->setObjectName(QStringLiteral("panelAgency"));
    m_agency->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_scopes = new QLabel(this);
    m_scopes->setObjectName(QStringLiteral("panelScopes"));
    m_scopes->setWordWrap(true);
    m_scopes->setForegroundRole(QPalette::PlaceholderText);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("panelState"));
    m_state->setAccessibleName(QStringLiteral("Profile state"));
    QFont stateFont = m_state->font();
    stateFont.setBold(true);
    m_state->setFont(stateFont);
    auto *head = new QHBoxLayout;
    auto *names = new QVBoxLayout;
    names->setSpacing(2);
    names->addWidget(m_title);
    names->addWidget(m_agency);
    names->addWidget(m_scopes);
    head->addLayout(names, 1);
    head->addWidget(m_state, 0, Qt::AlignTop);
    root->addLayout(head);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("panelMessage"));
    m_message->setWordWrap(true);
    m_message->hide();
    root->addWidget(m_message);

    // Warning band: the refresh token's year is ending (or over).
    m_band = new QFrame(this);
    m_band->setObjectName(QStringLiteral("refreshBand"));
    m_band->setAutoFillBackground(true);
    auto *bandLay = new QHBoxLayout(m_band);
    const int iconSize = fontMetrics().height() * 3 / 2;
    auto *bandIcon = new QLabel(m_band);
    bandIcon->setObjectName(QStringLiteral("refreshBandIcon"));
    bandIcon->setPixmap(style()
                            ->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this)
                            .pixmap(iconSize, iconSize));
    bandIcon->setAlignment(Qt::AlignTop);
    m_bandText = new QLabel(m_band);
    m_bandText->setObjectName(QStringLiteral("refreshBandText"));
    m_bandText->setWordWrap(true);
    m_bandText->setTextFormat(Qt::RichText);
    bandLay->addWidget(bandIcon, 0, Qt::AlignTop);
    m_bandRegenerate = new QPushButton(QStringLiteral("Regenerate…"), m_band);
    m_bandRegenerate->setObjectName(QStringLiteral("bandRegenerate"));
    m_bandRegenerate->setAccessibleName(QStringLiteral("Regenerate the refresh token"));
    bandLay->addWidget(m_bandText, 1);
    bandLay->addWidget(m_bandRegenerate);
    connect(m_bandRegenerate, &QPushButton::clicked, this, &TokenPanel::regenerateClicked);
    m_band->hide();
    root->addWidget(m_band);

    m_reveal = new QAction(QStringLiteral("&Reveal access token"), this);
    m_reveal->setObjectName(QStringLiteral("actionReveal"));
    m_reveal->setCheckable(true);
    m_reveal->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_reveal->setShortcutContext(Qt::WindowShortcut);
    connect(m_reveal, &QAction::toggled, this, &TokenPanel::updateSecrets);

    auto *access = new QGroupBox(QStringLiteral("Access token"), this);
    auto *aLay = new QGridLayout(access);
    m_accessToken = new QLabel(kMask, access);
    m_accessToken->setObjectName(QStringLiteral("accessToken"));
    m_accessToken->setAccessibleName(QStringLiteral("Access token"));
    m_accessToken->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_accessToken->setWordWrap(true);
    m_accessToken->setMinimumWidth(fontMetrics().averageCharWidth() * 20);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_accessToken->setFont(mono);
    m_revealButton = new QToolButton(access);
    m_revealButton->setObjectName(QStringLiteral("revealButton"));
    m_revealButton->setDefaultAction(m_reveal);
    m_revealButton->setAccessibleName(plainText(m_reveal));
    m_revealButton->setToolTip(QStringLiteral("Show or hide the access token (%1)")
                                   .arg(m_reveal->shortcut().toString(QKeySequence::NativeText)));
    m_accessCountdown = new QLabel(access);
    m_accessCountdown->setObjectName(QStringLiteral("accessCountdown"));
    m_accessCountdown->setAccessibleName(QStringLiteral("Access token expires in"));
    m_accessState = new QLabel(access);
    m_accessState->setObjectName(QStringLiteral("accessState"));
    m_accessBar = new QProgressBar(access);
    m_accessBar->setObjectName(QStringLiteral("accessBar"));
    m_accessBar->setAccessibleName(QStringLiteral("Share of the access token's day left"));
    m_accessBar->setRange(0, 1000);
    m_accessBar->setTextVisible(false);
    m_accessBar->setMaximumHeight(std::max(6, fontMetrics().height() / 2));
    aLay->addWidget(m_accessToken, 0, 0, 1, 2);
    aLay->addWidget(m_revealButton, 0, 2);
    aLay->addWidget(m_accessCountdown, 1, 0);
    aLay->addWidget(m_accessState, 1, 1, 1, 2, Qt::AlignRight);
    aLay->addWidget(m_accessBar, 2, 0, 1, 3);
    aLay->setColumnStretch(0, 1);
    root->addWidget(access);

    auto *refresh = new QGroupBox(QStringLiteral("Refresh token"), this);
    auto *rLay = new QVBoxLayout(refresh);
    m_refreshToken = new QLabel(kMask, refresh);
    m_refreshToken->setObjectName(QStringLiteral("refreshToken"));
    m_refreshToken->setAccessibleName(QStringLiteral("Refresh token (hidden)"));
    m_refreshToken->setFont(mono);
    m_refreshDays = new QLabel(refresh);
    m_refreshDays->setObjectName(QStringLiteral("refreshDays"));
    m_refreshDays->setAccessibleName(QStringLiteral("Refresh token days left"));
    rLay->addWidget(m_refreshToken);
    rLay->addWidget(m_refreshDays);
    root->addWidget(refresh);

    m_actionsBox = new QWidget(this);
    m_actionsBox->setObjectName(QStringLiteral("actionsBox"));
    new QGridLayout(m_actionsBox);
    root->addWidget(m_actionsBox);
    root->addStretch(1);

    if (TokenKeeper *k = m_ctx->keeper()) {
        connect(k, &TokenKeeper::statusChanged, this, [this](const QString &id) {
            if (id == m_profile.id)
                updateTimes();
        });
        connect(k, &TokenKeeper::refreshFailed, this,
                [this](const QString &id, const QString &message, qint64) {
                    if (id == m_profile.id) {
                        m_refreshMessage = message;
                        updateTimes();
                    }
                });
        connect(k, &TokenKeeper::refreshed, this, [this](const QString &id) {
            if (id == m_profile.id) {
                m_refreshMessage.clear();
                updateTimes();
            }
        });
    }
    connect(m_ctx->vault(), &TokenVault::profileChanged, this, [this](const QString &id) {
        if (id == m_profile.id)
            reloadProfile();
    });
    setEnabled(false);
}

void TokenPanel::setActions(const QList<QAction *> &actions)
{
    auto *grid = static_cast<QGridLayout *>(m_actionsBox->layout());
    const int columns = 3;
    int i = 0;
    for (QAction *a : actions) {
        auto *b = new QToolButton(m_actionsBox);
        b->setDefaultAction(a);
        b->setObjectName(a->objectName() + QStringLiteral("Button"));
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        b->setAccessibleName(plainText(a));
        b->setAccessibleDescription(a->toolTip());
        grid->addWidget(b, i / columns, i % columns);
        ++i;
    }
}

void TokenPanel::setProfile(const QString &id)
{
    if (id == m_profile.id && m_profile.isValid())
        return;
    m_refreshMessage.clear();
    m_profile = m_ctx->vault()->profile(id);
    m_reveal->setChecked(false);
    m_haveInfo = false;
    setEnabled(m_profile.isValid());
    setTextIfChanged(m_title, m_profile.label);
    updateHeading();
    updateSecrets();
    updateTimes();
}

void TokenPanel::updateHeading()
{
    setTextIfChanged(m_title, m_profile.label);
    QString agency;
    QString scopes;
    if (m_profile.isValid()) {
        // Labels default to the agency's name: say only what the title does not.
        agency =
            m_profile.agencyName.isEmpty() || m_profile.label.contains(m_profile.agencyName)
                ? QStringLiteral("Agency %1").arg(m_profile.agencyId)
                : QStringLiteral("%1 · agency %2").arg(m_profile.agencyName, m_profile.agencyId);
        QStringList names;
        for (const QString &scope : std::as_const(m_profile.scopes))
            names << scopeShortName(scope);
        scopes = names.isEmpty() ? QStringLiteral("No scopes recorded")
                                 : QStringLiteral("Scopes: ") + names.join(QStringLiteral(", "));
    }
    setTextIfChanged(m_agency, agency);
    setTextIfChanged(m_scopes, scopes);
    m_scopes->setVisible(!scopes.isEmpty());
}

void TokenPanel::reloadProfile()
{
    m_profile = m_ctx->vault()->profile(m_profile.id);
    setEnabled(m_profile.isValid());
    updateHeading();
    updateSecrets();
    updateTimes();
}

void TokenPanel::updateSecrets()
{
    ++m_secretsRequest;
    m_accessToken->setText(kMask);
    m_accessToken->setAccessibleName(QStringLiteral("Access token (hidden)"));
    if (!m_reveal->isChecked() || !m_profile.isValid())
        return;
    // Read on demand only: secrets stay out of widgets until the user asks to see one.
    const int request = m_secretsRequest;
    QPointer<TokenPanel> self(this);
    m_ctx->vault()->readSecrets(m_profile.id, [self, request](const StoreResult &r,
                                                              const ProfileSecrets &s) {
        if (!self || request != self->m_secretsRequest || !self->m_reveal->isChecked())
            return;
        if (!r.ok())
            self->m_accessToken->setText(QStringLiteral("(cannot read it: %1)").arg(r.message));
        else if (s.accessToken.isEmpty())
            self->m_accessToken->setText(QStringLiteral("(no access token yet: use Refresh now)"));
        else
            self->m_accessToken->setText(s.accessToken);
        self->m_accessToken->setAccessibleName(QStringLiteral("Access token (shown)"));
    });
}

void TokenPanel::setTextIfChanged(QLabel *label, const QString &text)
{
    if (label->text() != text)
        label->setText(text);
}

void TokenPanel::setStateLabel(QLabel *label, DisplayState state, const QString &text)
{
    // "●" plus the words: colour helps, the text carries the meaning.
    const QString shown = QStringLiteral("● ") + text;
    if (label->text() == shown && label->property("a911state").toInt() == int(state))
        return;
    label->setText(shown);
    label->setProperty("a911state", int(state));
    QPalette pal = label->palette();
    pal.setColor(QPalette::WindowText, stateColor(state, palette()));
    label->setPalette(pal);
    label->setAccessibleName(text);
}

void TokenPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        // The state colours depend on the palette (light or dark): choose them again.
        for (QLabel *l : {m_state, m_accessState})
            l->setProperty("a911state", -1);
        if (m_band->property("a911state").isValid())
            paintBand(DisplayState(m_band->property("a911state").toInt()));
        m_haveInfo = false;
        m_message->clear(); // its tint is chosen again with its text
        updateTimes();
    }
}

void TokenPanel::paintBand(DisplayState state)
{
    m_band->setStyleSheet(bannerStyleSheet(m_band->objectName(), state, palette()));
    m_band->setProperty("a911state", int(state));
}

void TokenPanel::updateTimes()
{
    if (!m_profile.isValid()) {
        setTextIfChanged(m_accessCountdown, QString());
        setTextIfChanged(m_state, QString());
        m_band->hide();
        return;
    }
    const QDateTime now = m_ctx->clock()->now();
    const int lifetime = m_ctx->appSettings().refreshLifetimeDays();
    const TokenKeeper::Status st =
        m_ctx->keeper() ? m_ctx->keeper()->status(m_profile.id) : TokenKeeper::Status{};
    const ProfileStateInfo info = evaluateProfile(m_profile, st, now, lifetime);
    if (!m_haveInfo || info.state != m_info.state || info.text != m_info.text)
        setStateLabel(m_state, info.state, info.text);
    m_info = info;
    m_haveInfo = true;

    QString message;
    if (info.state == DisplayState::RetryWait || !m_refreshMessage.isEmpty()) {
        const QString why = st.lastError.isEmpty() ? m_refreshMessage : st.lastError;
        message = QStringLiteral("Refresh failed: %1").arg(why);
    }
    if (m_message->text() != message) {
        m_message->setText(message);
        m_message->setStyleSheet(
            bannerStyleSheet(m_message->objectName(), DisplayState::RetryWait, palette()) +
            QStringLiteral(" QLabel#panelMessage { padding: 6px; }"));
        m_message->setVisible(!message.isEmpty());
    }

    // Access token.
    const TokenState access = TokenLifetime::accessState(m_profile, now);
    QString countdown;
    if (access == TokenState::Unknown)
        countdown = QStringLiteral("Expiry unknown");
    else if (access == TokenState::Expired)
        countdown = QStringLiteral("Expired 00:00:00");
    else
        countdown = QStringLiteral("Expires in %1")
                        .arg(TokenLifetime::formatCountdown(
                            TokenLifetime::accessSecondsLeft(m_profile, now)));
    setTextIfChanged(m_accessCountdown, countdown);
    DisplayState accessDisplay = DisplayState::Unknown;
    switch (access) {
    case TokenState::Valid:
        accessDisplay = DisplayState::Valid;
        break;
    case TokenState::ExpiringSoon:
        accessDisplay = DisplayState::ExpiringSoon;
        break;
    case TokenState::Expired:
        accessDisplay = DisplayState::Expired;
        break;
    case TokenState::Unknown:
        break;
    }
    setStateLabel(m_accessState, accessDisplay, TokenLifetime::stateName(access));
    const int bar = int(TokenLifetime::accessFractionLeft(m_profile, now) * 1000);
    if (m_accessBar->value() != bar)
        m_accessBar->setValue(bar);

    // Refresh token.
    const TokenState refresh = TokenLifetime::refreshState(m_profile, now, lifetime);
    const qint64 days = TokenLifetime::refreshDaysLeft(m_profile, now, lifetime);
    const QDate end = TokenLifetime::refreshExpiry(m_profile, lifetime).date();
    const QString endText = end.toString(Qt::ISODate);
    QString daysText;
    if (refresh == TokenState::Unknown)
        daysText = QStringLiteral("Issue date unknown");
    else if (refresh == TokenState::Expired)
        daysText = QStringLiteral("Ended on %1").arg(endText);
    else
        daysText = QStringLiteral("%1 %2 left · ends %3")
                       .arg(days)
                       .arg(days == 1 ? QStringLiteral("day") : QStringLiteral("days"), endText);
    setTextIfChanged(m_refreshDays, daysText);

    // A headline in bold, then what to do; the accessible name is the plain sentence.
    QString headline;
    QString advice;
    if (m_profile.needsRegeneration || st.activity == TokenKeeper::Activity::NeedsRegeneration) {
        headline = QStringLiteral("Active911 no longer accepts this refresh token.");
        advice = QStringLiteral("Regenerate it to keep using this profile.");
    } else if (refresh == TokenState::Expired) {
        headline = QStringLiteral("The refresh token's year ended on %1.").arg(endText);
        advice = QStringLiteral("Regenerate it to keep using this profile.");
    } else if (refresh == TokenState::ExpiringSoon) {
        headline = QStringLiteral("The refresh token ends in %1 %2 (%3).")
                       .arg(days)
                       .arg(days == 1 ? QStringLiteral("day") : QStringLiteral("days"), endText);
        advice = QStringLiteral("Regenerate it before then, or this profile stops working.");
    }
    const QString band = headline.isEmpty() ? QString() : headline + QLatin1Char(' ') + advice;
    const QString bandRich = headline.isEmpty()
                                 ? QString()
                                 : QStringLiteral("<b>%1</b><br>%2")
                                       .arg(headline.toHtmlEscaped(), advice.toHtmlEscaped());
    if (m_bandText->text() != bandRich || m_band->isHidden() != band.isEmpty()) {
        m_bandText->setText(bandRich);
        const DisplayState bandState =
            refresh == TokenState::ExpiringSoon && !m_profile.needsRegeneration
                ? DisplayState::ExpiringSoon
                : DisplayState::NeedsRegeneration;
        paintBand(bandState);
        m_band->setAccessibleName(band);
        m_band->setVisible(!band.isEmpty());
    }
}

} // namespace a911

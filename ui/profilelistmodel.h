#pragma once

#include "profile.h"
#include "profilestate.h"

#include <QAbstractListModel>
#include <QList>

namespace a911 {

class Clock;
class TokenKeeper;
class TokenVault;

/// The profiles of the vault, sorted by label, with each one's state at a glance.
class ProfileListModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        AgencyNameRole,
        ScopeChipsRole, ///< QStringList of scopeShortName()s
        StateRole,      ///< int(DisplayState)
        StateTextRole,
        AgencyIdRole,
        /// The state in fewer words, for the narrow list ("failed, retry in 12 s").
        ShortStateTextRole,
        /// The second line of a row: the agency where the label does not name it.
        SubtitleRole,
    };

    ProfileListModel(TokenVault *vault, TokenKeeper *keeper, const Clock *clock,
                     QObject *parent = nullptr);

    void setRefreshLifetimeDays(int days);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString idAt(int row) const;
    int rowOf(const QString &id) const;
    Profile profileAt(int row) const { return m_rows.value(row).profile; }
    ProfileStateInfo stateAt(int row) const { return m_rows.value(row).info; }
    QList<DisplayState> states() const;

    /// Reads the profiles again from the vault.
    void reload();
    /// Re-evaluates every row's state against the clock; signals only rows that changed.
    void updateStates();

Q_SIGNALS:
    /// Some row's state changed (the tray's worst state may have too).
    void statesChanged();

private:
    struct Row
    {
        Profile profile;
        ProfileStateInfo info;
    };
    ProfileStateInfo evaluate(const Profile &p) const;
    void onProfileChanged(const QString &id);

    TokenVault *m_vault;
    TokenKeeper *m_keeper;
    const Clock *m_clock;
    int m_lifetimeDays = 365;
    QList<Row> m_rows;
};

} // namespace a911

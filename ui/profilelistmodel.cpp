#include "profilelistmodel.h"

#include "clock.h"
#include "tokenkeeper.h"
#include "tokenvault.h"

namespace a911 {

ProfileListModel::ProfileListModel(TokenVault *vault, TokenKeeper *keeper, const Clock *clock,
                                   QObject *parent)
    : QAbstractListModel(parent)
    , m_vault(vault)
    , m_keeper(keeper)
    , m_clock(clock)
{
    connect(m_vault, &TokenVault::profileAdded, this, &ProfileListModel::reload);
    connect(m_vault, &TokenVault::profileRemoved, this, &ProfileListModel::reload);
    connect(m_vault, &TokenVault::profileChanged, this, &ProfileListModel::onProfileChanged);
    if (m_keeper)
        connect(m_keeper, &TokenKeeper::statusChanged, this,
                [this](const QString &) { updateStates(); });
    reload();
}

void ProfileListModel::setRefreshLifetimeDays(int days)
{
    m_lifetimeDays = days;
    updateStates();
}

int ProfileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ProfileListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return r.profile.label;
    case IdRole:
        return r.profile.id;
    case AgencyNameRole:
        return r.profile.agencyName;
    case ScopeChipsRole: {
        QStringList chips;
        for (const QString &s : r.profile.scopes)
            chips << scopeShortName(s);
        return chips;
    }
    case StateRole:
        return int(r.info.state);
    case StateTextRole:
        return r.info.text;
    case AgencyIdRole:
        return r.profile.agencyId;
    case ShortStateTextRole:
        return r.info.state == DisplayState::RetryWait
                   ? QStringLiteral("failed, retry in %1 s").arg(r.info.retryInSecs)
                   : r.info.text;
    case SubtitleRole:
        // Labels default to the agency's name: repeating it below would say nothing.
        if (r.profile.agencyName.isEmpty() || r.profile.label.contains(r.profile.agencyName))
            return QStringLiteral("Agency %1").arg(r.profile.agencyId);
        return QStringLiteral("%1 · %2").arg(r.profile.agencyName, r.profile.agencyId);
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole: {
        QStringList chips;
        for (const QString &s : r.profile.scopes)
            chips << scopeShortName(s);
        return QStringLiteral("%1, %2: %3. Scopes: %4")
            .arg(r.profile.label, r.profile.agencyName, r.info.text,
                 chips.join(QStringLiteral(", ")));
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> ProfileListModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(IdRole, "profileId");
    names.insert(AgencyNameRole, "agencyName");
    names.insert(ScopeChipsRole, "scopeChips");
    names.insert(StateRole, "state");
    names.insert(StateTextRole, "stateText");
    names.insert(AgencyIdRole, "agencyId");
    names.insert(ShortStateTextRole, "shortStateText");
    names.insert(SubtitleRole, "subtitle");
    return names;
}

QString ProfileListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).profile.id : QString();
}

int ProfileListModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).profile.id == id)
            return i;
    }
    return -1;
}

QList<DisplayState> ProfileListModel::states() const
{
    QList<DisplayState> out;
    out.reserve(m_rows.size());
    for (const Row &r : m_rows)
        out << r.info.state;
    return out;
}

ProfileStateInfo ProfileListModel::evaluate(const Profile &p) const
{
    const TokenKeeper::Status st = m_keeper ? m_keeper->status(p.id) : TokenKeeper::Status{};
    return evaluateProfile(p, st, m_clock->now(), m_lifetimeDays);
}

void ProfileListModel::reload()
{
    beginResetModel();
    m_rows.clear();
    const QList<Profile> profiles = m_vault->profiles();
    for (const Profile &p : profiles)
        m_rows.append({p, evaluate(p)});
    endResetModel();
    Q_EMIT statesChanged();
}

void ProfileListModel::onProfileChanged(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0) {
        reload();
        return;
    }
    const Profile p = m_vault->profile(id);
    if (p.label != m_rows.at(row).profile.label) {
        reload(); // the sort order may change
        return;
    }
    m_rows[row].profile = p;
    m_rows[row].info = evaluate(p);
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i);
    Q_EMIT statesChanged();
}

void ProfileListModel::updateStates()
{
    // Called every second while the window shows: only rows whose text changed are
    // repainted, so an idle window with many profiles costs next to nothing.
    bool any = false;
    for (int i = 0; i < m_rows.size(); ++i) {
        const ProfileStateInfo info = evaluate(m_rows.at(i).profile);
        if (info.state != m_rows.at(i).info.state || info.text != m_rows.at(i).info.text) {
            m_rows[i].info = info;
            const QModelIndex idx = index(i);
            Q_EMIT dataChanged(idx, idx,
                               {StateRole, StateTextRole, ShortStateTextRole, Qt::ToolTipRole,
                                Qt::AccessibleTextRole});
            any = true;
        }
    }
    if (any)
        Q_EMIT statesChanged();
}

} // namespace a911

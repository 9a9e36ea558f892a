#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// HTML of the console-like pages. Every argument is plain text; escaping happens here.
namespace a911::replica::pages {

using Choice = QPair<QString, QString>; // value, label
using Hidden = QList<QPair<QString, QString>>;

/// The six Active911 scopes, in the order the console lists them.
const QStringList &allScopes();
QString scopeDescription(const QString &scope);

QByteArray document(const QString &title, const QString &bodyHtml);

QByteArray signIn(const QString &action, const QString &demoEmail, const QString &demoPassword,
                  const QString &error, const Hidden &hidden);
QByteArray scopeChoice(const QStringList &checked, const QString &error);
QByteArray agencyChoice(const QList<Choice> &agencies, const QString &error);
QByteArray confirmation(const QString &action, const QString &question,
                        const QStringList &scopes, const QList<Choice> &agencies,
                        const QString &error, const Hidden &hidden);
QByteArray tokens(const QString &agencyName, const QStringList &scopes,
                  const QString &accessToken, const QString &refreshToken,
                  const QString &expires);
QByteArray apiTest(const QString &accessToken, bool haveRefreshToken, const QString &apiUrl);
QByteArray message(const QString &title, const QString &text);
QByteArray index(const QStringList &links);

} // namespace a911::replica::pages

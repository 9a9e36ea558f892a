#pragma once

// Running scripts in the embedded browser from tests: pages load asynchronously, so
// these wait (without sleeping) until the page answers.
#include "browserflow.h"

#include <QTest>
#include <QVariant>

namespace a911::test {

/// Runs script in the pane's page and returns its result (invalid after 20 s).
inline QVariant js(BrowserPane *pane, const QString &script)
{
    QVariant out;
    bool done = false;
    pane->runJavaScript(script, [&](const QVariant &v) {
        out = v;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        qWarning("script did not finish");
    return out;
}

/// Polls the page until script returns expected (at most 30 s).
inline bool waitForPage(BrowserPane *pane, const QString &script, const QVariant &expected)
{
    return QTest::qWaitFor([&] { return js(pane, script) == expected; }, 30000);
}

} // namespace a911::test

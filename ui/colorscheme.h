#pragma once

#include <QString>

namespace a911 {

/// `--color-scheme light|dark`: the window follows the system palette by default; this
/// forces one (Fusion style), for desktops without a dark theme of their own and for
/// the README screenshots. Returns false for an unknown name.
bool applyColorScheme(const QString &name);

} // namespace a911

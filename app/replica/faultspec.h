#pragma once

#include <QString>

namespace a911::replica {

/// One fault switch, parsed from `[PATH_SUFFIX=]KIND[:ARG][@COUNT]` (README.md).
struct FaultSpec
{
    enum class Kind { Latency, Status, Reset, Truncate, Malformed, Html, Huge };

    QString pathSuffix; ///< empty = every path
    Kind kind = Kind::Status;
    int arg = 0;        ///< milliseconds, HTTP status or megabytes
    int remaining = -1; ///< requests left to hit; -1 = unlimited

    static bool parse(const QString &spec, FaultSpec *out, QString *error);
    bool matches(const QString &path) const;
};

} // namespace a911::replica

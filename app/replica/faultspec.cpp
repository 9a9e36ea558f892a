#include "faultspec.h"

namespace a911::replica {

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

bool FaultSpec::parse(const QString &spec, FaultSpec *out, QString *error)
{
    FaultSpec f;
    QString rest = spec.trimmed();
    if (rest.isEmpty())
        return fail(error, QStringLiteral("empty fault spec"));

    const int eq = rest.indexOf(QLatin1Char('='));
    if (eq >= 0) {
        f.pathSuffix = rest.left(eq).trimmed();
        rest = rest.mid(eq + 1).trimmed();
    }

    // "@N" limits the fault to the next N matching requests; ":once" is "@1".
    const int at = rest.lastIndexOf(QLatin1Char('@'));
    if (at >= 0) {
        bool ok = false;
        f.remaining = rest.mid(at + 1).toInt(&ok);
        if (!ok || f.remaining < 1)
            return fail(error, QStringLiteral("fault count after '@' must be a positive number"));
        rest = rest.left(at);
    } else if (rest.endsWith(QLatin1String(":once"))) {
        f.remaining = 1;
        rest.chop(5);
    }

    const int colon = rest.indexOf(QLatin1Char(':'));
    const QString kind = (colon >= 0 ? rest.left(colon) : rest).toLower();
    const QString argText = colon >= 0 ? rest.mid(colon + 1) : QString();
    bool argOk = false;
    const int arg = argText.toInt(&argOk);
    auto needArg = [&](int min, int max) {
        if (!argOk || arg < min || arg > max)
            return fail(error, QStringLiteral("fault '%1' needs a number between %2 and %3")
                                   .arg(kind)
                                   .arg(min)
                                   .arg(max));
        f.arg = arg;
        return true;
    };
    auto noArg = [&] {
        return argText.isEmpty()
            || fail(error, QStringLiteral("fault '%1' takes no argument").arg(kind));
    };

    bool ok = false;
    if (kind == QLatin1String("latency")) {
        f.kind = Kind::Latency;
        ok = needArg(0, 600000);
    } else if (kind == QLatin1String("500")) {
        f.kind = Kind::Status;
        f.arg = 500;
        ok = noArg();
    } else if (kind == QLatin1String("status")) {
        f.kind = Kind::Status;
        ok = needArg(200, 599);
    } else if (kind == QLatin1String("reset")) {
        f.kind = Kind::Reset;
        ok = noArg();
    } else if (kind == QLatin1String("truncate")) {
        f.kind = Kind::Truncate;
        ok = noArg();
    } else if (kind == QLatin1String("malformed")) {
        f.kind = Kind::Malformed;
        ok = noArg();
    } else if (kind == QLatin1String("html")) {
        f.kind = Kind::Html;
        ok = noArg();
    } else if (kind == QLatin1String("huge")) {
        f.kind = Kind::Huge;
        ok = needArg(1, 1024);
    } else {
        return fail(error, QStringLiteral("unknown fault kind '%1'").arg(kind));
    }
    if (ok && out)
        *out = f;
    return ok;
}

bool FaultSpec::matches(const QString &path) const
{
    return remaining != 0 && (pathSuffix.isEmpty() || path.endsWith(pathSuffix));
}

} // namespace a911::replica

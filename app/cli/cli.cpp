#include "cli.h"

#include "apiclient.h"
#include "corecontext.h"
#include "jsonindenter.h"
#include "logging.h"
#include "profileimporter.h"
#include "refreshclient.h"
#include "storeprobe.h"
#include "tokenkeeper.h"
#include "tokenlifetime.h"
#include "tokenvault.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>

#include <cstdio>
#include <functional>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace a911::cli {

namespace {

const QStringList kCommands = {QStringLiteral("profiles"), QStringLiteral("import"),
                               QStringLiteral("token"), QStringLiteral("forget"),
                               QStringLiteral("api")};

void writeTo(FILE *f, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), f);
    std::fflush(f);
}
void out(const QString &text) { writeTo(stdout, text); }
void err(const QString &text) { writeTo(stderr, text); }

/// Runs start(finish) and spins an event loop until finish() was called.
void await(const std::function<void(std::function<void()>)> &start)
{
    QEventLoop loop;
    bool finished = false;
    start([&] {
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
}

QString isoOrUnknown(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QStringLiteral("unknown");
}

QString originName(ProfileOrigin o)
{
    return o == ProfileOrigin::PersonalPage ? QStringLiteral("personal")
                                            : QStringLiteral("registered-app");
}

/// One command's options and what all commands share.
class Command
{
public:
    Command(const QString &name, const QString &synopsis, const QString &description)
        : m_name(name), m_synopsis(synopsis)
    {
        m_parser.setApplicationDescription(description);
        m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        m_parser.addOption(m_help);
        m_parser.addOption(m_console);
        m_parser.addOption(m_oauth);
        m_parser.addOption(m_api);
        m_parser.addOption(m_demo);
        m_settingsFile.setFlags(QCommandLineOption::HiddenFromHelp);
        m_parser.addOption(m_settingsFile);
        m_backoff.setFlags(QCommandLineOption::HiddenFromHelp);
        m_parser.addOption(m_backoff);
    }

    QCommandLineParser &parser() { return m_parser; }
    QString name() const { return m_name; }

    /// Parses; returns -1 to go on, else the exit code (help printed, or a usage error).
    int parse(const QStringList &arguments)
    {
        if (!m_parser.parse(QStringList{QStringLiteral("a911desk")} + arguments))
            return usage(m_parser.errorText());
        if (m_parser.isSet(m_help)) {
            out(helpText());
            return ExitOk;
        }
        return -1;
    }

    int usage(const QString &problem) const
    {
        err(QStringLiteral("a911desk %1: %2\nUsage: a911desk %3\nSee: a911desk %1 --help\n")
                .arg(m_name, problem, m_synopsis));
        return ExitUsage;
    }

    QString helpText() const
    {
        QString text = m_parser.helpText();
        // The parser prints its own "Usage:" line with the program name only.
        const int nl = text.indexOf(QLatin1Char('\n'));
        if (nl >= 0)
            text = text.mid(nl + 1);
        return QStringLiteral("Usage: a911desk %1\n").arg(m_synopsis) + text
            + QStringLiteral("\nExit codes: 0 success, 2 usage, 3 no such profile, 4 refresh token "
                             "rejected (regenerate), 5 network or server failure, 6 keychain "
                             "unavailable or locked, 7 the API answered with an error.\n");
    }

    /// Builds the core, applies URL options, probes the keychain. Returns -1 when all is
    /// well, else the exit code (message printed).
    int open(std::unique_ptr<CoreContext> *ctx)
    {
        CoreOptions options;
        options.demo = m_parser.isSet(m_demo);
        options.settingsFile = m_parser.value(m_settingsFile);

        // Check URLs before touching anything.
        ServiceUrlOverrides given;
        for (const QCommandLineOption *option : {&m_console, &m_oauth, &m_api}) {
            if (!m_parser.isSet(*option))
                continue;
            const QString why = given.set(option->names().constFirst(), m_parser.value(*option));
            if (!why.isEmpty())
                return usage(why);
        }

        bool ok = false;
        const int backoff = m_parser.isSet(m_backoff) ? m_parser.value(m_backoff).toInt(&ok) : 0;
        if (m_parser.isSet(m_backoff) && (!ok || backoff < 1))
            return usage(QStringLiteral("--backoff-ms needs a positive number"));

        *ctx = std::make_unique<CoreContext>(options);
        CoreContext &c = **ctx;
        if (!given.isEmpty())
            c.setUrls(given.over(c.urls())); // remembered for next time
        // The command line refreshes on demand only, and never waits in the background.
        c.keeper()->setAutoRefresh(false);
        if (backoff > 0)
            c.keeper()->setBackoff(backoff, backoff * 8);

        StoreStatus status = StoreStatus::Unknown;
        await([&](std::function<void()> finish) {
            c.probeStore([&status, finish](StoreStatus s) {
                status = s;
                finish();
            });
        });
        if (status != StoreStatus::Working) {
            // Never session-only here: a script would "save" a token that vanishes on exit.
            qCInfo(lcCli) << "Keychain probe:" << StoreProbe::statusName(status);
            err(QStringLiteral("a911desk %1: the keychain cannot be used: %2\n%3\n")
                    .arg(m_name, StoreProbe::message(status), StoreProbe::advice(status)));
            return ExitKeychain;
        }
        return -1;
    }

private:
    QString m_name;
    QString m_synopsis;
    QCommandLineParser m_parser;
    QCommandLineOption m_help{{QStringLiteral("h"), QStringLiteral("help")},
                              QStringLiteral("Show this help.")};
    QCommandLineOption m_console{QStringLiteral("console-url"),
                                 QStringLiteral("Base of the console pages (api_access.php); "
                                                "remembered."),
                                 QStringLiteral("URL")};
    QCommandLineOption m_oauth{QStringLiteral("oauth-url"),
                               QStringLiteral("Base of the OAuth endpoints (token.php); remembered."),
                               QStringLiteral("URL")};
    QCommandLineOption m_api{QStringLiteral("api-url"),
                             QStringLiteral("Base of the API; remembered."), QStringLiteral("URL")};
    QCommandLineOption m_demo{QStringLiteral("demo"),
                              QStringLiteral("Use the demo settings and keychain entries.")};
    QCommandLineOption m_settingsFile{QStringLiteral("settings-file"),
                                      QStringLiteral("Settings file (tests)."),
                                      QStringLiteral("PATH")};
    QCommandLineOption m_backoff{QStringLiteral("backoff-ms"),
                                 QStringLiteral("First retry delay (tests)."), QStringLiteral("MS")};
};

QString profileNames(const TokenVault &vault)
{
    QStringList names;
    const QList<Profile> all = vault.profiles();
    for (const Profile &p : all)
        names << QStringLiteral("  %1  (%2)").arg(p.label, p.agencyName);
    return names.isEmpty() ? QStringLiteral("  (none)") : names.join(QLatin1Char('\n'));
}

/// Finds the profile to use. Returns -1 with *id set, else the exit code.
int resolveProfile(const Command &cmd, const TokenVault &vault, const QString &name, QString *id)
{
    if (!name.isEmpty()) {
        *id = vault.find(name);
        if (!id->isEmpty())
            return -1;
        err(QStringLiteral("a911desk %1: no profile matches “%2” (or several do). Profiles:\n%3\n")
                .arg(cmd.name(), name, profileNames(vault)));
        return ExitNoProfile;
    }
    const QList<Profile> all = vault.profiles();
    if (all.size() == 1) {
        *id = all.first().id;
        return -1;
    }
    if (all.isEmpty())
        err(QStringLiteral("a911desk %1: there are no profiles yet. Import one with:\n"
                           "  a911desk import --refresh-token-stdin --name NAME\n")
                .arg(cmd.name()));
    else
        err(QStringLiteral("a911desk %1: there are several profiles; choose one with --profile "
                           "NAME:\n%2\n")
                .arg(cmd.name(), profileNames(vault)));
    return ExitNoProfile;
}

int exitForToken(const Command &cmd, const TokenResult &t, const Profile &p)
{
    switch (t.failure) {
    case TokenResult::Failure::None:
        return ExitOk;
    case TokenResult::Failure::NoSuchProfile:
        err(QStringLiteral("a911desk %1: %2\n").arg(cmd.name(), t.message));
        return ExitNoProfile;
    case TokenResult::Failure::Rejected:
        err(QStringLiteral("a911desk %1: Active911 rejected the refresh token of “%2”. Generate a "
                           "new token (personal token page or the app), then:\n"
                           "  a911desk forget \"%2\"\n"
                           "  a911desk import --refresh-token-stdin --name \"%2\"\n")
                .arg(cmd.name(), p.label));
        return ExitRejected;
    case TokenResult::Failure::Transient:
        err(QStringLiteral("a911desk %1: could not refresh the access token: %2\nCheck the "
                           "network and the service addresses (--console-url), then try again.\n")
                .arg(cmd.name(), t.message));
        return ExitNetwork;
    case TokenResult::Failure::Store:
        err(QStringLiteral("a911desk %1: %2\nUnlock the keyring and try again.\n")
                .arg(cmd.name(), t.message));
        return ExitKeychain;
    }
    return ExitNetwork;
}

// ---- profiles ----

int runProfiles(const QStringList &args)
{
    Command cmd(QStringLiteral("profiles"), QStringLiteral("profiles [--json]"),
                QStringLiteral("Lists every profile: agency, scopes and both tokens' expiry. "
                               "Never prints a token."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    cmd.parser().addOption(json);
    if (const int rc = cmd.parse(args); rc >= 0)
        return rc;
    if (!cmd.parser().positionalArguments().isEmpty())
        return cmd.usage(QStringLiteral("unexpected argument “%1”")
                             .arg(cmd.parser().positionalArguments().first()));
    std::unique_ptr<CoreContext> ctx;
    if (const int rc = cmd.open(&ctx); rc >= 0)
        return rc;

    const QDateTime now = ctx->clock()->now();
    const int days = ctx->appSettings().refreshLifetimeDays();
    const QList<Profile> all = ctx->vault()->profiles();
    if (cmd.parser().isSet(json)) {
        QJsonArray list;
        for (const Profile &p : all) {
            QJsonObject o;
            o.insert(QStringLiteral("id"), p.id);
            o.insert(QStringLiteral("name"), p.label);
            o.insert(QStringLiteral("agencyId"), p.agencyId);
            o.insert(QStringLiteral("agencyName"), p.agencyName);
            o.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(p.scopes));
            o.insert(QStringLiteral("origin"), originName(p.origin));
            if (!p.clientId.isEmpty())
                o.insert(QStringLiteral("clientId"), p.clientId);
            o.insert(QStringLiteral("accessExpiry"),
                     p.accessExpiry.isValid() ? QJsonValue(isoOrUnknown(p.accessExpiry)) : QJsonValue());
            o.insert(QStringLiteral("accessState"),
                     TokenLifetime::stateName(TokenLifetime::accessState(p, now)));
            const QDateTime refreshEnd = TokenLifetime::refreshExpiry(p, days);
            o.insert(QStringLiteral("refreshExpiry"),
                     refreshEnd.isValid() ? QJsonValue(isoOrUnknown(refreshEnd)) : QJsonValue());
            o.insert(QStringLiteral("refreshState"),
                     TokenLifetime::stateName(TokenLifetime::refreshState(p, now, days)));
            o.insert(QStringLiteral("needsRegeneration"), p.needsRegeneration);
            o.insert(QStringLiteral("lastRefreshed"),
                     p.lastRefreshed.isValid() ? QJsonValue(isoOrUnknown(p.lastRefreshed)) : QJsonValue());
            list.append(o);
        }
        out(QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }
    if (all.isEmpty()) {
        err(QStringLiteral("No profiles yet. Import one with: a911desk import "
                           "--refresh-token-stdin --name NAME\n"));
        return ExitOk;
    }
    for (const Profile &p : all) {
        const QDateTime refreshEnd = TokenLifetime::refreshExpiry(p, days);
        out(QStringLiteral("%1\n  agency:  %2 (%3)\n  scopes:  %4\n  access:  %5, until %6\n"
                           "  refresh: %7, until %8%9\n")
                .arg(p.label, p.agencyName, p.agencyId,
                     p.scopes.isEmpty() ? QStringLiteral("unknown")
                                        : p.scopes.join(QLatin1Char(' ')),
                     TokenLifetime::stateName(TokenLifetime::accessState(p, now)),
                     isoOrUnknown(p.accessExpiry),
                     TokenLifetime::stateName(TokenLifetime::refreshState(p, now, days)),
                     isoOrUnknown(refreshEnd),
                     p.needsRegeneration
                         ? QStringLiteral("\n  ! the refresh token was rejected: generate a new one")
                         : QString()));
    }
    return ExitOk;
}

// ---- import ----

QString readSecretFromStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
#ifdef Q_OS_UNIX
    if (::isatty(fileno(stdin))) {
        err(QStringLiteral("Paste the refresh token and press Enter: "));
        return QString::fromUtf8(in.readLine()).trimmed();
    }
#endif
    const QStringList lines = QString::fromUtf8(in.readAll()).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (!line.trimmed().isEmpty())
            return line.trimmed();
    }
    return {};
}

int runImport(const QStringList &args)
{
    Command cmd(QStringLiteral("import"), QStringLiteral("import --refresh-token-stdin [--name NAME]"),
                QStringLiteral("Reads a personal refresh token from standard input (never from the "
                               "command line, where other users could see it), exchanges it, asks "
                               "the API for the agency and stores the profile in the keychain."));
    const QCommandLineOption fromStdin(QStringLiteral("refresh-token-stdin"),
                                       QStringLiteral("Read the refresh token from standard input."));
    const QCommandLineOption name(QStringLiteral("name"),
                                  QStringLiteral("Name of the new profile (default: the agency's)."),
                                  QStringLiteral("NAME"));
    cmd.parser().addOption(fromStdin);
    cmd.parser().addOption(name);
    if (const int rc = cmd.parse(args); rc >= 0)
        return rc;
    if (!cmd.parser().positionalArguments().isEmpty())
        return cmd.usage(QStringLiteral("tokens are read from standard input only, never from "
                                        "the command line"));
    if (!cmd.parser().isSet(fromStdin))
        return cmd.usage(QStringLiteral("--refresh-token-stdin is required (the token is read "
                                        "from standard input)"));
    const QString label = cmd.parser().value(name).trimmed();
    if (cmd.parser().isSet(name) && label.isEmpty())
        return cmd.usage(QStringLiteral("--name must not be empty"));

    std::unique_ptr<CoreContext> ctx;
    if (const int rc = cmd.open(&ctx); rc >= 0)
        return rc;
    const QList<Profile> existing = ctx->vault()->profiles();
    for (const Profile &p : existing) {
        if (!label.isEmpty() && p.label.compare(label, Qt::CaseInsensitive) == 0)
            return cmd.usage(QStringLiteral("a profile named “%1” exists already; choose another "
                                            "--name or run: a911desk forget \"%1\"")
                                 .arg(p.label));
    }

    const QString token = readSecretFromStdin();
    if (token.isEmpty())
        return cmd.usage(QStringLiteral("no refresh token on standard input"));
    for (QChar c : token) {
        if (c.isSpace() || !c.isPrint())
            return cmd.usage(QStringLiteral("standard input does not hold a single token"));
    }

    ProfileImporter importer(ctx->vault(), ctx->refreshClient(), ctx->network(), ctx->urls(),
                             ctx->clock());
    ProfileImporter::Input input;
    input.origin = ProfileOrigin::PersonalPage;
    input.refreshToken = token;
    input.label = label;
    ProfileImporter::Result result;
    await([&](std::function<void()> finish) {
        importer.import(input, [&result, finish](const ProfileImporter::Result &r) {
            result = r;
            finish();
        });
    });
    using F = ProfileImporter::Result::Failure;
    switch (result.failure) {
    case F::None: {
        const Profile &p = result.profile;
        out(QStringLiteral("Imported “%1”: agency %2 (%3); access token valid until %4.\n")
                .arg(p.label, p.agencyName, p.agencyId, isoOrUnknown(p.accessExpiry)));
        return ExitOk;
    }
    case F::RefreshRejected:
        err(QStringLiteral("a911desk import: %1\n").arg(result.message));
        return ExitRejected;
    case F::AccessRejected:
        err(QStringLiteral("a911desk import: %1\n").arg(result.message));
        return ExitApiError;
    case F::Network:
        err(QStringLiteral("a911desk import: %1\nCheck the network and the service addresses "
                           "(--console-url, --api-url).\n")
                .arg(result.message));
        return ExitNetwork;
    case F::Store:
        err(QStringLiteral("a911desk import: %1\n").arg(result.message));
        return ExitKeychain;
    }
    return ExitNetwork;
}

// ---- token ----

int runToken(const QStringList &args)
{
    Command cmd(QStringLiteral("token"), QStringLiteral("token [--profile NAME]"),
                QStringLiteral("Prints a currently valid access token (refreshing first when "
                               "needed) and nothing else, for $(a911desk token) in scripts."));
    const QCommandLineOption profile(QStringLiteral("profile"),
                                     QStringLiteral("Profile name (may be left out with one profile)."),
                                     QStringLiteral("NAME"));
    cmd.parser().addOption(profile);
    if (const int rc = cmd.parse(args); rc >= 0)
        return rc;
    if (!cmd.parser().positionalArguments().isEmpty())
        return cmd.usage(QStringLiteral("unexpected argument “%1”; use --profile NAME")
                             .arg(cmd.parser().positionalArguments().first()));
    std::unique_ptr<CoreContext> ctx;
    if (const int rc = cmd.open(&ctx); rc >= 0)
        return rc;
    QString id;
    if (const int rc = resolveProfile(cmd, *ctx->vault(), cmd.parser().value(profile), &id); rc >= 0)
        return rc;

    TokenResult result;
    await([&](std::function<void()> finish) {
        ctx->keeper()->accessToken(id, [&result, finish](const TokenResult &r) {
            result = r;
            finish();
        });
    });
    if (!result.ok())
        return exitForToken(cmd, result, ctx->vault()->profile(id));
    out(result.accessToken + QLatin1Char('\n')); // asked for: the only secret we ever print
    return ExitOk;
}

// ---- forget ----

int runForget(const QStringList &args)
{
    Command cmd(QStringLiteral("forget"), QStringLiteral("forget NAME"),
                QStringLiteral("Deletes a profile: its keychain entries and its settings."));
    if (const int rc = cmd.parse(args); rc >= 0)
        return rc;
    const QStringList pos = cmd.parser().positionalArguments();
    if (pos.size() != 1)
        return cmd.usage(pos.isEmpty() ? QStringLiteral("which profile?")
                                       : QStringLiteral("one profile at a time"));
    std::unique_ptr<CoreContext> ctx;
    if (const int rc = cmd.open(&ctx); rc >= 0)
        return rc;
    QString id;
    if (const int rc = resolveProfile(cmd, *ctx->vault(), pos.first(), &id); rc >= 0)
        return rc;
    const QString label = ctx->vault()->profile(id).label;
    bool ok = false;
    QString error;
    await([&](std::function<void()> finish) {
        ctx->vault()->forget(id, [&, finish](bool success, const QString &why) {
            ok = success;
            error = why;
            finish();
        });
    });
    if (!ok) {
        err(QStringLiteral("a911desk forget: could not delete “%1”: %2\n").arg(label, error));
        return ExitKeychain;
    }
    out(QStringLiteral("Forgot “%1”.\n").arg(label));
    return ExitOk;
}

// ---- api ----

/// The envelope from the top-level members alone: "message" is read only for an error.
ApiEnvelope envelopeOf(const JsonIndenter &json)
{
    QJsonObject top;
    const QJsonValue result = json.member(QLatin1String("result"));
    if (result.isUndefined())
        return ApiEnvelope::fromObject(top);
    top.insert(QStringLiteral("result"), result);
    ApiEnvelope env = ApiEnvelope::fromObject(top);
    if (env.isError) {
        top.insert(QStringLiteral("message"), json.member(QLatin1String("message")));
        env = ApiEnvelope::fromObject(top);
    }
    return env;
}

int runApi(const QStringList &args)
{
    Command cmd(QStringLiteral("api"),
                QStringLiteral("api [--profile NAME] METHOD PATH [--param key=value]… [--data JSON]"),
                QStringLiteral("Sends one API request with the profile's token (refreshed when "
                               "needed, and once more after a 401) and prints the reply as pretty "
                               "JSON. Exits 7 when the HTTP status or the reply's result says error."));
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("Profile name."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption param(QStringLiteral("param"),
                                   QStringLiteral("Query parameter (repeatable)."),
                                   QStringLiteral("key=value"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("JSON request body."),
                                  QStringLiteral("JSON"));
    cmd.parser().addOption(profile);
    cmd.parser().addOption(param);
    cmd.parser().addOption(data);
    if (const int rc = cmd.parse(args); rc >= 0)
        return rc;
    const QStringList pos = cmd.parser().positionalArguments();
    if (pos.size() != 2)
        return cmd.usage(QStringLiteral("METHOD and PATH are needed (e.g. GET /alerts)"));

    ApiRequest request;
    const QString method = pos.at(0).toUpper();
    for (QChar c : method) {
        if (c < QLatin1Char('A') || c > QLatin1Char('Z'))
            return cmd.usage(QStringLiteral("“%1” is not an HTTP method").arg(pos.at(0)));
    }
    request.method = method.toLatin1();
    request.path = pos.at(1);
    const QStringList params = cmd.parser().values(param);
    for (const QString &p : params) {
        const int eq = p.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return cmd.usage(QStringLiteral("--param needs key=value, got “%1”").arg(p));
        request.query.append({p.left(eq), p.mid(eq + 1)});
    }
    if (cmd.parser().isSet(data)) {
        request.body = cmd.parser().value(data).toUtf8();
        QJsonParseError perr{};
        QJsonDocument::fromJson(request.body, &perr);
        if (perr.error != QJsonParseError::NoError)
            return cmd.usage(QStringLiteral("--data is not valid JSON: %1 at offset %2")
                                 .arg(perr.errorString())
                                 .arg(perr.offset));
        request.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    }

    std::unique_ptr<CoreContext> ctx;
    if (const int rc = cmd.open(&ctx); rc >= 0)
        return rc;
    QString id;
    if (const int rc = resolveProfile(cmd, *ctx->vault(), cmd.parser().value(profile), &id); rc >= 0)
        return rc;
    ctx->api()->setMaxBodyBytes(ctx->appSettings().responseSizeCapBytes());

    ApiReply *reply = ctx->api()->send(id, request);
    await([&](std::function<void()> finish) {
        if (reply->isFinished())
            finish();
        else
            QObject::connect(reply, &ApiReply::finished, reply, finish);
    });
    const ApiResponse r = reply->response();
    reply->deleteLater();

    switch (r.failure) {
    case ApiResponse::Failure::None:
        break;
    case ApiResponse::Failure::Token: {
        TokenResult t;
        t.failure = r.tokenFailure;
        t.message = r.errorText;
        return exitForToken(cmd, t, ctx->vault()->profile(id));
    }
    case ApiResponse::Failure::Network:
    case ApiResponse::Failure::Timeout:
    case ApiResponse::Failure::Cancelled:
    case ApiResponse::Failure::Tls:
    case ApiResponse::Failure::TooLarge:
        err(QStringLiteral("a911desk api: %1 %2: %3\n")
                .arg(QString::fromLatin1(r.method), r.url.toString(), r.errorText));
        return ExitNetwork;
    }

    // One pass over the body gives both the pretty text and the envelope: no document,
    // no QString round trip (a 20 MB reply used to take several full passes).
    QByteArray body = r.body;
    if (body.startsWith("\xEF\xBB\xBF"))
        body.remove(0, 3);
    JsonIndenter json;
    ApiEnvelope env;
    if (json.indent(body)) {
        if (json.isObject())
            env = envelopeOf(json);
        env.isJson = true;
        const QByteArray text = json.takeText();
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        std::fflush(stdout);
    } else {
        env.jsonError = ApiEnvelope::describeJsonError(body, json.error());
        std::fwrite(r.body.constData(), 1, size_t(r.body.size()), stdout);
        if (!r.body.isEmpty() && !r.body.endsWith('\n'))
            std::fputc('\n', stdout);
        std::fflush(stdout);
        err(QStringLiteral("a911desk api: note: the reply is not JSON (%1); printed as received.\n")
                .arg(env.jsonError));
    }
    if (r.httpStatus < 200 || r.httpStatus >= 300) {
        err(QStringLiteral("a911desk api: the API answered HTTP %1 %2%3\n")
                .arg(r.httpStatus)
                .arg(QString::fromLatin1(r.reasonPhrase),
                     env.errorMessage.isEmpty() ? QString()
                                                : QStringLiteral(": ") + env.errorMessage));
        return ExitApiError;
    }
    if (env.isError) {
        err(QStringLiteral("a911desk api: the API answered with an error%1\n")
                .arg(env.errorMessage.isEmpty() ? QString()
                                                : QStringLiteral(": ") + env.errorMessage));
        return ExitApiError;
    }
    return ExitOk;
}

} // namespace

namespace {

int dispatch(const QString &command, const QStringList &rest)
{
    if (command == QLatin1String("profiles"))
        return runProfiles(rest);
    if (command == QLatin1String("import"))
        return runImport(rest);
    if (command == QLatin1String("token"))
        return runToken(rest);
    if (command == QLatin1String("forget"))
        return runForget(rest);
    return runApi(rest);
}

} // namespace

bool isCommand(const QString &name)
{
    return kCommands.contains(name);
}

int run(const QStringList &arguments)
{
    if (arguments.isEmpty() || !isCommand(arguments.first())) {
        err(QStringLiteral("a911desk: unknown command. Commands: %1\n")
                .arg(kCommands.join(QStringLiteral(", "))));
        return ExitUsage;
    }
    // Scripts read our stderr: only warnings and errors unless QT_LOGGING_RULES says
    // otherwise (the environment variable takes precedence over these rules).
    QLoggingCategory::setFilterRules(QStringLiteral("a911.*.info=false\na911.*.debug=false"));
    const QString command = arguments.first();
    const QStringList rest = arguments.mid(1);
    qCDebug(lcCli) << "Running command" << command;
    const int rc = dispatch(command, rest);
    qCDebug(lcCli) << "Command" << command << "finished with exit code" << rc;
    return rc;
}

} // namespace a911::cli

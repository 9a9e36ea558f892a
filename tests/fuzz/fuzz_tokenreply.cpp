// Fuzz target for the token endpoints' reply parsers and the API envelope check.
// Input layout: byte 0 picks the HTTP status, byte 1 bit 0 picks the parser
// (0 = api_access.php, 1 = token.php); the rest is the reply body.
// Built as a libFuzzer target under clang (A911_BUILD_FUZZERS=ON) and, always, as a
// replay test (fuzz_replay_main.cpp) so the suite runs it.
#include "apiclient.h"
#include "refreshclient.h"

#include <QByteArray>
#include <QDateTime>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

constexpr int kStatuses[] = {200, 201, 204, 302, 400, 401, 403, 404, 408, 429, 500, 502, 503, 0, 299, 599};

void check(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const int status = kStatuses[data[0] % (sizeof kStatuses / sizeof kStatuses[0])];
    const bool oauth = data[1] & 1;
    const QByteArray body(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));
    static const QDateTime now(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);

    const a911::RefreshResult r = oauth ? a911::TokenReplyParser::parseOAuth(status, body, now)
                                        : a911::TokenReplyParser::parsePersonal(status, body, now);
    check(r.httpStatus == status, "status passed through");
    check(!r.message.isEmpty(), "every outcome explains itself");
    if (r.ok()) {
        check(status >= 200 && status < 300, "success only with 2xx");
        check(!r.accessToken.isEmpty(), "success carries a token");
        check(r.accessExpiry.isValid() && r.accessExpiry > now, "success expires in the future");
        check(oauth || r.refreshToken.isEmpty(), "api_access.php never yields a refresh token");
    } else {
        check(r.accessToken.isEmpty() && r.refreshToken.isEmpty(), "no token on failure");
    }
    // Messages reach logs and screens: they never echo the body.
    if (body.contains("SECRETMARK"))
        check(!r.message.contains(QLatin1String("SECRETMARK")), "message echoes the body");

    const a911::ApiEnvelope e = a911::ApiEnvelope::inspect(body);
    check(!e.isError || e.hasEnvelope, "an error needs an envelope");
    check(!e.hasEnvelope || e.isJson, "an envelope is JSON");
    check(e.isJson == e.jsonError.isEmpty(), "a JSON failure says why");
    check(e.isError || e.errorMessage.isEmpty(), "error text only for errors");
    return 0;
}

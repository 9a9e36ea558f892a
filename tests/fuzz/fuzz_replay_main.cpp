// Replay driver for compilers without libFuzzer (gcc): runs the seed corpus through
// LLVMFuzzerTestOneInput, then a few thousand deterministic mutations of it. Not a
// fuzzer (no coverage feedback) but it keeps the target and its invariants in the
// suite. The real fuzzer: see CMakeLists.txt here.
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>
#include <QRandomGenerator>

#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

void feed(const QByteArray &input)
{
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.constData()), size_t(input.size()));
}

// Fragments the parsers care about, spliced into the seeds.
const QList<QByteArray> kDictionary = {
    "{", "}", "[", "]", "\"", ":", ",", "\\u0000", "\\ud800", "null", "true", "false", "-1", "0",
    "1e308", "-1e308", "1e-308", "99999999999999999999", "NaN", "\"expiration\":", "\"expires_in\":",
    "\"access_token\":", "\"refresh_token\":", "\"error\":", "\"invalid_grant\"", "\"scope\":",
    "\"token_type\":", "\"result\":\"error\"", "\"message\":", "<html>", "<!DOCTYPE html>", "<p>",
    "\xEF\xBB\xBF", "\xFF\xFE", "SECRETMARK", "\"2026-03-02 10:00:00\"", "\"86400\"", "\" 1e3 \""};

QByteArray mutate(QByteArray s, QRandomGenerator &rng)
{
    const int steps = 1 + int(rng.bounded(4));
    for (int i = 0; i < steps; ++i) {
        const int pos = s.isEmpty() ? 0 : int(rng.bounded(s.size() + 1));
        switch (rng.bounded(7)) {
        case 0: // flip a bit
            if (!s.isEmpty())
                s[pos % s.size()] = char(s[pos % s.size()] ^ (1 << rng.bounded(8)));
            break;
        case 1: // insert a dictionary word
            s.insert(pos, kDictionary.at(int(rng.bounded(kDictionary.size()))));
            break;
        case 2: // cut the tail (truncated transfer)
            s.truncate(pos);
            break;
        case 3: // delete a span
            s.remove(pos, int(rng.bounded(8)) + 1);
            break;
        case 4: // duplicate a span
            s.insert(pos, s.mid(pos, int(rng.bounded(16)) + 1));
            break;
        case 5: // random byte
            s.insert(pos, char(rng.bounded(256)));
            break;
        default: // new selector bytes (status, parser)
            if (s.size() >= 2) {
                s[0] = char(rng.bounded(256));
                s[1] = char(rng.bounded(256));
            }
            break;
        }
    }
    return s;
}

} // namespace

int main(int argc, char **argv)
{
    const QString dir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(A911_FUZZ_CORPUS);
    const int rounds = argc > 2 ? QByteArray(argv[2]).toInt() : 4000;
    QList<QByteArray> seeds;
    const QStringList names = QDir(dir).entryList(QDir::Files, QDir::Name);
    for (const QString &name : names) {
        QFile f(QDir(dir).filePath(name));
        if (f.open(QIODevice::ReadOnly))
            seeds << f.readAll();
    }
    if (seeds.isEmpty()) {
        std::fprintf(stderr, "no seeds in %s\n", qPrintable(dir));
        return 1;
    }
    for (const QByteArray &s : std::as_const(seeds))
        feed(s);
    QRandomGenerator rng(911); // deterministic: a failure reproduces
    for (int i = 0; i < rounds; ++i)
        feed(mutate(seeds.at(int(rng.bounded(seeds.size()))), rng));
    std::printf("replayed %lld seeds and %d mutations\n", static_cast<long long>(seeds.size()), rounds);
    return 0;
}

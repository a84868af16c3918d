#include "HttpRequestScanner.h"

#include <algorithm>

namespace kjzy {

namespace {

// Longer than any method we serve or Qt's parser knows ("PROPPATCH", "MKCALENDAR", ...).
constexpr qsizetype kMaxMethodLength = 20;
// 10^18 - 1: far above any limit, and safely inside qint64.
constexpr qsizetype kMaxLengthDigits = 18;

HttpRequestScanner::Refusal badRequest(const QString& message)
{
    return {400, Error{ErrorCode::Usage, message}};
}

QByteArrayView withoutCarriageReturn(QByteArrayView line)
{
    return line.endsWith('\r') ? line.chopped(1) : line;
}

bool isMethodChar(char c)
{
    return c >= 'A' && c <= 'Z';
}

// RFC 9110 §5.6.2 tchar.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

QByteArrayView trimmedValue(QByteArrayView value)
{
    while (!value.isEmpty() && (value.front() == ' ' || value.front() == '\t'))
        value = value.sliced(1);
    while (!value.isEmpty() && (value.back() == ' ' || value.back() == '\t'))
        value.chop(1);
    return value;
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

HttpRequestScanner::HttpRequestScanner(qint64 maxHeadBytes, qint64 maxBodyBytes)
    : m_maxHeadBytes(maxHeadBytes), m_maxBodyBytes(maxBodyBytes)
{}

std::optional<HttpRequestScanner::Refusal> HttpRequestScanner::feed(QByteArrayView bytes)
{
    qsizetype at = 0;
    while (at < bytes.size()) {
        if (m_phase == Phase::BetweenRequests) {
            // RFC 9112 §2.2: empty lines before a request line are ignored.
            if (bytes[at] == '\r' || bytes[at] == '\n') {
                ++at;
                continue;
            }
            m_phase = Phase::Head;
            ++m_headsStarted;
            m_head.clear();
            m_lineStart = 0;
            m_requestLineSeen = false;
        }
        if (m_phase == Phase::Body) {
            at += skipBody(bytes.size() - at);
            continue;
        }

        // Phase::Head: take no more than one byte past the limit, enough to know it was broken.
        const qsizetype oldSize = m_head.size();
        const qsizetype take = std::min<qsizetype>(bytes.size() - at, m_maxHeadBytes + 1 - oldSize);
        m_head.append(bytes.sliced(at, take));
        qsizetype headEnd = -1;
        for (qsizetype from = oldSize;;) {
            const qsizetype newline = m_head.indexOf('\n', from);
            if (newline < 0)
                break;
            const QByteArrayView line =
                withoutCarriageReturn(QByteArrayView(m_head).sliced(m_lineStart, newline - m_lineStart));
            if (!m_requestLineSeen) {
                if (auto refusal = checkRequestLine(line))
                    return refusal;
                m_requestLineSeen = true;
            } else if (line.isEmpty()) {
                headEnd = newline + 1;
                break;
            }
            m_lineStart = newline + 1;
            from = newline + 1;
        }
        if (headEnd < 0) {
            if (!m_requestLineSeen) {
                if (auto refusal = checkPartialRequestLine())
                    return refusal;
            }
            if (m_head.size() > m_maxHeadBytes) {
                return Refusal{431, Error{ErrorCode::InvalidInput,
                                          QStringLiteral("请求头过大：超过 %1 字节").arg(m_maxHeadBytes)}};
            }
            at += take;
            continue;
        }
        if (headEnd > m_maxHeadBytes) {
            return Refusal{431, Error{ErrorCode::InvalidInput,
                                      QStringLiteral("请求头过大：%1 字节，服务器最多接受 %2 字节")
                                          .arg(headEnd)
                                          .arg(m_maxHeadBytes)}};
        }
        at += headEnd - oldSize;
        m_head.truncate(headEnd);
        if (auto refusal = concludeHead())
            return refusal;
    }
    return std::nullopt;
}

qint64 HttpRequestScanner::skipBody(qint64 available)
{
    if (m_phase != Phase::Body)
        return 0;
    const qint64 taken = std::min(available, m_bodyLeft);
    m_bodyLeft -= taken;
    if (m_bodyLeft == 0)
        finishRequest();
    return taken;
}

// Before the line is complete: a stream that cannot become a request line (a body sent without a
// declared length, binary noise) is refused at once instead of after 16 KiB.
std::optional<HttpRequestScanner::Refusal> HttpRequestScanner::checkPartialRequestLine() const
{
    const qsizetype space = m_head.indexOf(' ');
    const QByteArrayView method = QByteArrayView(m_head).first(space < 0 ? m_head.size() : space);
    if (method.size() > kMaxMethodLength || !std::all_of(method.begin(), method.end(), isMethodChar))
        return badRequest(QStringLiteral("请求行格式错误：不是 HTTP/1.1 请求"));
    return std::nullopt;
}

std::optional<HttpRequestScanner::Refusal> HttpRequestScanner::checkRequestLine(QByteArrayView line)
{
    // RFC 9112 §3: method SP request-target SP HTTP-version, nothing else.
    const qsizetype first = line.indexOf(' ');
    const qsizetype last = line.lastIndexOf(' ');
    const QByteArrayView method = first < 0 ? line : line.first(first);
    const QByteArrayView target =
        first < 0 || last <= first ? QByteArrayView() : line.sliced(first + 1, last - first - 1);
    const QByteArrayView version = last < 0 ? QByteArrayView() : line.sliced(last + 1);
    const bool targetOk = !target.isEmpty() && std::none_of(target.begin(), target.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
    });
    if (method.isEmpty() || method.size() > kMaxMethodLength ||
        !std::all_of(method.begin(), method.end(), isMethodChar) || !targetOk ||
        (version != "HTTP/1.1" && version != "HTTP/1.0"))
        return badRequest(QStringLiteral("请求行格式错误：不是 HTTP/1.1 请求"));
    // CONNECT turns the rest of the connection into a tunnel that no longer has request boundaries.
    if (method == "CONNECT")
        return badRequest(QStringLiteral("服务器不接受 CONNECT 请求"));
    return std::nullopt;
}

std::optional<HttpRequestScanner::Refusal> HttpRequestScanner::concludeHead()
{
    std::optional<qint64> contentLength;
    bool transferEncoding = false;
    const QByteArrayView head(m_head);
    qsizetype lineStart = head.indexOf('\n') + 1; // the request line was checked already
    while (lineStart < head.size()) {
        const qsizetype newline = head.indexOf('\n', lineStart);
        const QByteArrayView line = withoutCarriageReturn(head.sliced(lineStart, newline - lineStart));
        lineStart = newline + 1;
        if (line.isEmpty())
            break;
        // RFC 9112 §5.2: a folded line may be refused; it is also a classic smuggling vector.
        if (line.front() == ' ' || line.front() == '\t')
            return badRequest(QStringLiteral("请求头格式错误：不接受折行的请求头"));
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView name = colon < 0 ? QByteArrayView() : line.first(colon);
        // RFC 9112 §5.1: no whitespace between the field name and the colon.
        if (name.isEmpty() || !std::all_of(name.begin(), name.end(), isTokenChar))
            return badRequest(QStringLiteral("请求头格式错误：字段名无效"));
        const QByteArrayView value = trimmedValue(line.sliced(colon + 1));
        if (equalsIgnoringCase(name, "transfer-encoding")) {
            transferEncoding = true;
        } else if (equalsIgnoringCase(name, "content-length")) {
            const bool digits =
                !value.isEmpty() && value.size() <= kMaxLengthDigits &&
                std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!digits)
                return badRequest(QStringLiteral("请求头格式错误：Content-Length 不是有效的字节数"));
            const qint64 length = value.toLongLong();
            if (contentLength && *contentLength != length)
                return badRequest(QStringLiteral("请求头格式错误：多个互相矛盾的 Content-Length"));
            contentLength = length;
        }
    }
    // Our client always declares the length; a chunked body cannot be measured before it is read.
    if (transferEncoding) {
        return Refusal{
            411, Error{ErrorCode::Usage, QStringLiteral("服务器不接受分块传输（Transfer-Encoding）的请求，"
                                                        "请在请求头中给出 Content-Length")}};
    }
    const qint64 length = contentLength.value_or(0);
    if (length > m_maxBodyBytes) {
        return Refusal{
            413, Error{ErrorCode::InvalidInput, QStringLiteral("请求体过大：%1 字节，服务器最多接受 %2 字节")
                                                    .arg(length)
                                                    .arg(m_maxBodyBytes)}};
    }
    m_head.clear();
    m_bodyLeft = length;
    m_phase = Phase::Body;
    if (m_bodyLeft == 0)
        finishRequest();
    return std::nullopt;
}

void HttpRequestScanner::finishRequest()
{
    m_phase = Phase::BetweenRequests;
    m_bodyLeft = 0;
    ++m_requestsCompleted;
}

} // namespace kjzy

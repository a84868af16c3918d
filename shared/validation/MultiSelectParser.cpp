#include "MultiSelectParser.h"

namespace kjzy {

namespace {

bool isMark(QChar c)
{
    // Marks people use to tick a printed check box: ☑ ■ √ ✓ ✔ ☒ (and ✅, ▇ seen in the wild).
    static const QString marks = QStringLiteral("☑■√✓✔☒✅▇");
    return marks.contains(c);
}

bool isEmptyBox(QChar c)
{
    return c == u'□' || c == u'☐' || c == u'口';
}

struct Option
{
    QString text;
    bool marked = false;
    bool boxed = false;
};

} // namespace

FieldResult<QStringList> MultiSelectParser::parse(const QString& raw, const ValueList& list)
{
    // Split on the separators forms come back with — new lines, 、 ， , ； ; and spaces — and in
    // front of every box or mark so "□科技培训□科技咨询" on one line splits too. A hand-written
    // scan: a regular expression here was a tenth of a 10,000-row import.
    QList<Option> options;
    Option current;
    auto flush = [&] {
        current.text = current.text.trimmed();
        if (!current.text.isEmpty() || current.marked)
            options.append(current);
        current = Option{};
    };
    for (const QChar c : raw) {
        if (c.isSpace() || c == u'、' || c == u'，' || c == u',' || c == u'；' || c == u';') {
            // "✓ 科技培训": a box or mark still waiting for its option keeps waiting.
            if (!(current.boxed && current.text.isEmpty()))
                flush();
        } else if (isMark(c) || isEmptyBox(c)) {
            if (!current.text.isEmpty())
                flush();
            current.marked = current.marked || isMark(c);
            current.boxed = true;
        } else {
            current.text += c;
        }
    }
    flush();

    const bool anyMarked =
        std::any_of(options.cbegin(), options.cend(), [](const Option& o) { return o.marked; });
    QStringList chosen;
    QStringList unknown;
    for (const Option& option : std::as_const(options)) {
        // With any mark present, unmarked options are the template's print: not chosen.
        if (anyMarked && !option.marked)
            continue;
        const auto canonical = list.canonicalize(option.text);
        if (!canonical) {
            unknown << (option.text.isEmpty() ? QStringLiteral("（空白勾选）") : option.text);
            continue;
        }
        if (!chosen.contains(*canonical))
            chosen << *canonical;
    }
    if (!unknown.isEmpty()) {
        return std::unexpected(ValidationIssue{
            list.field(),
            unknown.join(u'、'),
            QStringLiteral("list.unknown"),
            QStringLiteral("不是%1的可选值，可选：%2").arg(list.label(), list.values().join(u'、')),
            {}});
    }
    // Every template option present and none marked: the cell was left as printed.
    if (!anyMarked) {
        const bool allBoxed = !options.isEmpty() && std::all_of(options.cbegin(), options.cend(),
                                                                [](const Option& o) { return o.boxed; });
        if (allBoxed && chosen.size() == list.values().size())
            return QStringList();
    }
    // Keep the list's order: the same choice always reads the same.
    QStringList ordered;
    for (const QString& value : list.values()) {
        if (chosen.contains(value))
            ordered << value;
    }
    return ordered;
}

} // namespace kjzy

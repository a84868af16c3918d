#include "MultiSelectParser.h"

#include "core/TextNormalizer.h"

#include <QRegularExpression>

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
    // Split on the separators forms come back with: new lines, 、 ， , ； ; and spaces, and in
    // front of every box or mark so "□科技培训□科技咨询" on one line splits too.
    QString text = raw;
    for (qsizetype i = text.size() - 1; i > 0; --i) {
        if (isMark(text[i]) || isEmptyBox(text[i]))
            text.insert(i, u'\n');
    }
    static const QRegularExpression separators(QStringLiteral("[\\s、，,；;]+"));
    QList<Option> options;
    for (const QString& part : text.split(separators, Qt::SkipEmptyParts)) {
        Option option;
        QString body = part;
        while (!body.isEmpty() && (isMark(body.front()) || isEmptyBox(body.front()))) {
            option.marked = option.marked || isMark(body.front());
            option.boxed = true;
            body.remove(0, 1);
        }
        option.text = body.trimmed();
        if (!option.text.isEmpty() || option.marked)
            options.append(option);
    }

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

#include "FirstStartDialog.h"

#include "FieldMessageLabel.h"
#include "RegionPicker.h"
#include "clock/Clock.h"
#include "net/HttpLink.h"
#include "reference/RegionTable.h"
#include "store/ClientDatabase.h"
#include "sync/SyncEngine.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace kjzy::desktop {

namespace {

// Runs on a worker thread: its own connection, its own HTTP link (HttpLink waits in a local event
// loop, which works on any thread).
EnrollAttempt enrollDevice(const QString& databasePath, const QUrl& server, const QString& code)
{
    auto database = ClientDatabase::open(databasePath);
    if (!database)
        return {false, database.error().message};
    HttpLink link(server);
    SyncEngine engine(**database, databasePath, link, SystemClock::instance());
    auto enrolled = engine.enroll(server.toString(), code.trimmed());
    if (!enrolled)
        return {false, enrolled.error().message};
    return {true, enrolled->device};
}

} // namespace

FirstStartDialog::FirstStartDialog(const QString& databasePath, QWidget* parent)
    : QDialog(parent), m_databasePath(databasePath), m_region(new RegionPicker(this)),
      m_enrollBox(new QGroupBox(this)), m_enroll(new QCheckBox(this)), m_server(new QLineEdit(this)),
      m_code(new QLineEdit(this)), m_message(new FieldMessageLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("FirstStartDialog"));
    setWindowTitle(tr("kjzy – first start"));
    m_region->setObjectName(QStringLiteral("regionPicker"));
    m_region->configure(RegionTable::henan().province().code, tr("(the whole province)"),
                        tr("(the whole city)"));
    m_enroll->setObjectName(QStringLiteral("enrollCheck"));
    m_enroll->setText(tr("&Enroll this computer with the server now"));
    m_server->setObjectName(QStringLiteral("serverEdit"));
    m_server->setPlaceholderText(QStringLiteral("https://kjzy.example.cn"));
    m_code->setObjectName(QStringLiteral("codeEdit"));
    m_code->setPlaceholderText(tr("one-time code from the coordinator"));
    m_message->setObjectName(QStringLiteral("message_form"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Start"));

    auto* intro = new QLabel(tr("Choose the region this computer registers volunteers for. Records outside "
                                "it cannot be entered here. The region cannot be changed later."),
                             this);
    intro->setWordWrap(true);
    auto* regionForm = new QFormLayout;
    auto* regionLabel = new QLabel(tr("&Region"), this);
    regionLabel->setBuddy(m_region);
    regionForm->addRow(regionLabel, m_region);

    m_enrollBox->setTitle(tr("Server (optional)"));
    auto* enrollForm = new QFormLayout(m_enrollBox);
    auto* offline =
        new QLabel(tr("Without enrolling the program works fully offline; you can exchange data "
                      "bundles on a USB stick, or enroll later (menu Sync → Enroll with the server)."),
                   m_enrollBox);
    offline->setWordWrap(true);
    enrollForm->addRow(offline);
    enrollForm->addRow(m_enroll);
    auto* serverLabel = new QLabel(tr("Server &address"), m_enrollBox);
    serverLabel->setBuddy(m_server);
    enrollForm->addRow(serverLabel, m_server);
    auto* codeLabel = new QLabel(tr("One-time &code"), m_enrollBox);
    codeLabel->setBuddy(m_code);
    enrollForm->addRow(codeLabel, m_code);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(regionForm);
    layout->addWidget(m_enrollBox);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    resize(640, sizeHint().height());

    connect(m_buttons, &QDialogButtonBox::accepted, this, &FirstStartDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &FirstStartDialog::reject);
    connect(m_enroll, &QCheckBox::toggled, this, &FirstStartDialog::updateState);
    connect(m_server, &QLineEdit::textChanged, this, &FirstStartDialog::updateState);
    connect(m_code, &QLineEdit::textChanged, this, &FirstStartDialog::updateState);
    connect(&m_watcher, &QFutureWatcher<EnrollAttempt>::finished, this, &FirstStartDialog::enrollFinished);
    updateState();
}

FirstStartDialog::~FirstStartDialog()
{
    // The worker holds no pointer to the dialog; a late result is dropped with the watcher rather
    // than waited for, so closing never hangs on a slow link.
    m_watcher.disconnect();
}

void FirstStartDialog::setEnrollOnly(const QString& region)
{
    setWindowTitle(tr("Enroll with the server"));
    m_region->configure(region, tr("(the whole province)"), tr("(the whole city)"));
    m_initialized = true;
    m_enroll->setChecked(true);
    okButton()->setText(tr("&Enroll"));
    updateState();
}

QPushButton* FirstStartDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

void FirstStartDialog::updateState()
{
    const bool enroll = m_enroll->isChecked();
    const bool busy = m_watcher.isRunning();
    m_server->setEnabled(enroll && !busy);
    m_code->setEnabled(enroll && !busy);
    // Once stored, the region is the database's for good (ClientDatabase::initialize refuses a change).
    m_region->setEnabled(!busy && !m_initialized);
    m_enroll->setEnabled(!busy);
    bool ready = !busy;
    QString problem;
    if (enroll) {
        const QString text = m_server->text().trimmed();
        const QUrl url(text, QUrl::StrictMode);
        const bool urlOk =
            url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") && !url.host().isEmpty();
        ready = ready && urlOk && !m_code->text().trimmed().isEmpty();
        if (!text.isEmpty() && !urlOk)
            problem = tr("The server address should look like https://host:port");
    }
    if (!busy) {
        if (!problem.isEmpty())
            m_message->setMessage(problem);
        else if (!m_failure.isEmpty())
            m_message->setMessage(m_failure);
        else
            m_message->clearMessage();
    }
    okButton()->setEnabled(ready);
}

void FirstStartDialog::accept()
{
    if (m_watcher.isRunning())
        return;
    const QString region = m_region->code();
    {
        // A quick local write: the region and a fresh device id.
        auto database = ClientDatabase::open(m_databasePath);
        if (!database) {
            m_failure = database.error().message;
            updateState();
            return;
        }
        if (auto ok = (*database)->initialize(region); !ok) {
            m_failure = ok.error().message;
            updateState();
            return;
        }
    }
    m_failure.clear();
    if (!m_initialized) {
        m_initialized = true;
        emit initialized(region);
    }
    if (!m_enroll->isChecked()) {
        QDialog::accept();
        return;
    }
    m_message->setMessage(tr("Enrolling with %1 …").arg(m_server->text().trimmed()),
                          FieldMessageLabel::Kind::Hint);
    m_watcher.setFuture(
        QtConcurrent::run(enrollDevice, m_databasePath, QUrl(m_server->text().trimmed()), m_code->text()));
    updateState();
}

void FirstStartDialog::enrollFinished()
{
    const EnrollAttempt attempt = m_watcher.result();
    if (attempt.ok) {
        m_message->setMessage(tr("Enrolled: device %1").arg(attempt.message), FieldMessageLabel::Kind::Hint);
        QDialog::accept();
        return;
    }
    // The region is stored already: the clerk may try another code or untick enrollment and go on.
    m_failure = tr("Enrollment failed: %1").arg(attempt.message);
    updateState();
}

} // namespace kjzy::desktop

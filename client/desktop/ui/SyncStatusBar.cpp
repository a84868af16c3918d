#include "SyncStatusBar.h"

#include "SyncController.h"

#include "store/SyncStatus.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>
#include <QtConcurrent/QtConcurrentRun>

namespace kjzy::desktop {

namespace {
constexpr int kPollMs = 30'000;
} // namespace

SyncStatusBar::SyncStatusBar(SyncController* controller, const QString& databasePath, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_databasePath(databasePath), m_online(new QLabel(this)),
      m_pending(new QLabel(this)), m_rejected(new QToolButton(this)), m_lastSync(new QLabel(this)),
      m_bar(new QProgressBar(this)), m_syncButton(new QToolButton(this)), m_message(new QLabel(this))
{
    m_online->setObjectName(QStringLiteral("syncOnline"));
    m_pending->setObjectName(QStringLiteral("syncPending"));
    m_rejected->setObjectName(QStringLiteral("syncRejected"));
    m_rejected->setAutoRaise(true);
    m_rejected->setToolTip(tr("Show the changes the server returned, with the reasons"));
    m_rejected->hide();
    m_lastSync->setObjectName(QStringLiteral("syncLast"));
    m_bar->setObjectName(QStringLiteral("syncProgress"));
    m_bar->setMaximumWidth(160);
    m_bar->setTextVisible(false);
    m_bar->hide();
    m_syncButton->setObjectName(QStringLiteral("syncButton"));
    m_syncButton->setText(tr("Sync now"));
    m_syncButton->setToolTip(tr("Send the changes of this computer and fetch the latest records (F5)"));
    m_message->setObjectName(QStringLiteral("syncMessage"));
    m_message->setMaximumWidth(360);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addWidget(m_bar);
    layout->addWidget(m_online);
    layout->addWidget(m_pending);
    layout->addWidget(m_rejected);
    layout->addWidget(m_lastSync);
    layout->addWidget(m_syncButton);

    connect(m_syncButton, &QToolButton::clicked, m_controller, &SyncController::startSync);
    connect(m_rejected, &QToolButton::clicked, this, &SyncStatusBar::rejectionsRequested);
    connect(m_controller, &SyncController::started, this, [this] {
        m_syncButton->setEnabled(false);
        m_message->setText(tr("Syncing..."));
        m_message->setToolTip({});
        m_bar->setRange(0, 0);
        m_bar->show();
    });
    connect(m_controller, &SyncController::progress, this, [this](int done, int total, const QString& phase) {
        if (total > 0) {
            m_bar->setRange(0, total);
            m_bar->setValue(std::min(done, total));
        } else {
            m_bar->setRange(0, 0);
        }
        m_message->setText(phase);
    });
    connect(m_controller, &SyncController::finished, this, [this](bool, const QString& message) {
        m_syncButton->setEnabled(true);
        m_bar->hide();
        // The whole message (it may be long) as a tool tip; its first line in the bar.
        m_message->setText(message.section(u'\n', 0, 0));
        m_message->setToolTip(message);
    });
    connect(m_controller, &SyncController::statusChanged, this, &SyncStatusBar::refresh);
    connect(m_controller, &SyncController::connectionChanged, this, &SyncStatusBar::showConnection);

    // Edits elsewhere in the window change the pending count and the link comes and goes: look
    // again now and then (both reads run off the UI thread).
    auto* poll = new QTimer(this);
    poll->setInterval(kPollMs);
    connect(poll, &QTimer::timeout, this, [this] {
        refresh();
        m_controller->checkConnection();
    });
    poll->start();

    showConnection();
    refresh();
    m_controller->checkConnection();
}

SyncStatusBar::~SyncStatusBar()
{
    m_reading.waitForFinished();
}

SyncStatusBar::Snapshot SyncStatusBar::read(const QString& databasePath)
{
    Snapshot snapshot;
    auto database = ClientDatabase::open(databasePath);
    if (!database)
        return snapshot;
    auto status = SyncStatus::read(**database);
    if (!status)
        return snapshot;
    snapshot.ok = true;
    snapshot.pending = status->pending;
    snapshot.rejected = status->rejected;
    snapshot.lastSync = status->lastSync.value_or(QString());
    snapshot.enrolled = status->server.has_value();
    return snapshot;
}

void SyncStatusBar::refresh()
{
    if (m_reading.isRunning()) {
        m_refreshAgain = true; // a change after the read began: read once more when it ends
        return;
    }
    m_reading = QtConcurrent::run(&SyncStatusBar::read, m_databasePath);
    auto* watcher = new QFutureWatcher<Snapshot>(this);
    connect(watcher, &QFutureWatcher<Snapshot>::finished, this, [this, watcher] {
        watcher->deleteLater();
        display(watcher->result());
        if (m_refreshAgain) {
            m_refreshAgain = false;
            refresh();
        }
    });
    watcher->setFuture(m_reading);
}

void SyncStatusBar::display(const Snapshot& snapshot)
{
    m_snapshot = snapshot;
    if (!snapshot.ok) {
        m_pending->setText(tr("Database unreadable"));
        emit refreshed();
        return;
    }
    m_pending->setText(tr("Pending: %1").arg(snapshot.pending));
    m_pending->setToolTip(tr("Changes on this computer not yet accepted by the server"));
    m_rejected->setText(tr("Returned: %1").arg(snapshot.rejected));
    m_rejected->setVisible(snapshot.rejected > 0);
    if (snapshot.lastSync.isEmpty()) {
        m_lastSync->setText(tr("Last sync: never"));
    } else {
        const QDateTime at = QDateTime::fromString(snapshot.lastSync, Qt::ISODateWithMs);
        m_lastSync->setText(tr("Last sync: %1")
                                .arg(at.isValid()
                                         ? at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                         : snapshot.lastSync));
    }
    showConnection();
    emit refreshed();
}

void SyncStatusBar::showConnection()
{
    if (m_snapshot.ok && !m_snapshot.enrolled) {
        m_online->setText(tr("Not enrolled"));
        m_online->setToolTip(tr("This computer works on its own; enroll it with a server to sync."));
        m_online->setStyleSheet(QStringLiteral("color: #606060;"));
    } else if (m_controller->onlineKnown() && m_controller->online()) {
        m_online->setText(tr("Online"));
        m_online->setToolTip(tr("The server answered"));
        m_online->setStyleSheet(QStringLiteral("color: #1b6e20;"));
    } else if (m_controller->onlineKnown()) {
        m_online->setText(tr("Offline"));
        m_online->setToolTip(
            tr("The server does not answer. Work goes on; the changes wait on this computer."));
        m_online->setStyleSheet(QStringLiteral("color: #b00020;"));
    } else {
        m_online->setText(tr("Offline"));
        m_online->setToolTip(tr("Not yet in touch with the server"));
        m_online->setStyleSheet(QStringLiteral("color: #606060;"));
    }
}

} // namespace kjzy::desktop

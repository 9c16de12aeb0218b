#include "welcome_page.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace kith::ui {

WelcomePage::WelcomePage(const QString& modelProblem, QWidget* parent) : QWidget(parent) {
    setObjectName("welcome");
    auto* title = new QLabel(tr("Welcome to Kith"));
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 2.2);
    big.setBold(true);
    title->setFont(big);
    auto* text = new QLabel(
        tr("Kith finds the people in your photos and groups their faces, so you can see "
           "everyone at a glance and give them names. It asks you only when it is unsure.\n\n"
           "Everything happens on this computer: your photos and what Kith learns about them "
           "never leave it, and Kith changes your photo files only if you ask it to write "
           "names into them."));
    text->setWordWrap(true);

    // The user's pictures folder per XDG (~/Pictures), when there is one.
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    auto* scanPictures =
        new QPushButton(tr("Find the people in %1").arg(QDir::toNativeSeparators(pictures)));
    scanPictures->setObjectName("scanPictures");
    scanPictures->setVisible(!pictures.isEmpty() && QDir(pictures).exists());
    scanPictures->setDefault(true);
    auto* choose = new QPushButton(tr("Choose a folder of photos…"));
    auto* later =
        new QLabel(tr("Scanning runs in the background: people appear as they are "
                      "found, and you can add more folders later (Library folders)."));
    later->setWordWrap(true);
    auto* noModels = new QLabel(
        tr("<b>Kith cannot find its face models, so it cannot look at photos yet.</b><br>%1")
            .arg(modelProblem.toHtmlEscaped()));
    noModels->setObjectName("noModels");
    noModels->setWordWrap(true);
    noModels->setTextInteractionFlags(Qt::TextSelectableByMouse);
    noModels->setStyleSheet("QLabel { background: #fff3cd; color: #664d03; padding: 10px; }");
    noModels->setVisible(!modelProblem.isEmpty());
    scanPictures->setEnabled(modelProblem.isEmpty());
    choose->setEnabled(modelProblem.isEmpty());

    // A column of fixed width in the middle: wrapped labels get the height their text needs.
    auto* column = new QWidget;
    column->setFixedWidth(640);
    auto* content = new QVBoxLayout(column);
    content->setSpacing(16);
    for (QWidget* w :
         std::initializer_list<QWidget*>{title, text, noModels, scanPictures, choose, later})
        content->addWidget(w);
    auto* row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(column);
    row->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addStretch();
    layout->addLayout(row);
    layout->addStretch();

    connect(scanPictures, &QPushButton::clicked, this,
            [this, pictures] { emit scanRequested(pictures); });
    connect(choose, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("A folder of photos"));
        if (!dir.isEmpty()) emit scanRequested(dir);
    });
}

}  // namespace kith::ui

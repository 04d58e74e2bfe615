import Foundation

/// The strings of the installation's pages (the owner's businesses), the team page, the invitation page and the
/// sign-up page, in Russian and English.
enum InstallationText: ConsoleTextTable {
    case navInstallation, navTeam, businessesTitle, businessesHint, createBusiness, businessID, businessName, timeZone, create
    case state, active, suspended, members, open, suspend, resume, delete, deleteConfirm, invite, email, role, inviteLink
    case inviteLinkHint, teamTitle, teamHint, invitations, expires, used, name, password, inviteTitle, inviteJoin, inviteExisting
    case join, inviteGone, signUpTitle, signUpHint, signUpButton, signUpInviteOnly, yourName, businessCreated, businessSuspendedNow
    case businessResumed, businessDeleted

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    var pair: (String, String) {
        switch self {
        case .navInstallation: ("Установка", "Installation")
        case .navTeam: ("Команда", "Team")
        case .businessesTitle: ("Бизнесы установки", "The installation's businesses")
        case .businessesHint: ("Владелец установки создаёт бизнесы, приостанавливает и удаляет их и приглашает их первых администраторов.",
                               "The installation's owner creates, suspends and deletes businesses and invites their first admins.")
        case .createBusiness: ("Новый бизнес", "A new business")
        case .businessID: ("Id (латиница, цифры, «-»)", "Id (lowercase letters, digits, «-»)")
        case .businessName: ("Название", "Name")
        case .timeZone: ("Часовой пояс", "Time zone")
        case .create: ("Создать", "Create")
        case .state: ("Состояние", "State")
        case .active: ("работает", "active")
        case .suspended: ("приостановлен", "suspended")
        case .members: ("Люди", "People")
        case .open: ("Открыть", "Open")
        case .suspend: ("Приостановить", "Suspend")
        case .resume: ("Возобновить", "Resume")
        case .delete: ("Удалить", "Delete")
        case .deleteConfirm: ("Введите id для удаления", "Type the id to delete")
        case .invite: ("Пригласить", "Invite")
        case .email: ("Email", "Email")
        case .role: ("Роль", "Role")
        case .inviteLink: ("Ссылка-приглашение (показана один раз, действует 7 дней):", "The invitation link (shown once, valid 7 days):")
        case .inviteLinkHint: ("Отправьте её приглашённому: по ней он задаст имя и пароль.",
                               "Send it to the invitee: they set their name and password there.")
        case .teamTitle: ("Команда", "Team")
        case .teamHint: ("Люди этого бизнеса и приглашения.", "The people of this business and the invitations.")
        case .invitations: ("Приглашения", "Invitations")
        case .expires: ("Действует до", "Valid until")
        case .used: ("использовано", "used")
        case .name: ("Имя", "Name")
        case .password: ("Пароль (не короче 10 символов)", "Password (at least 10 characters)")
        case .inviteTitle: ("Приглашение в %@", "An invitation to %@")
        case .inviteJoin: ("Задайте имя и пароль для входа как %@.", "Set your name and password to sign in as %@.")
        case .inviteExisting: ("У %@ уже есть учётная запись: введите её пароль, чтобы присоединиться.",
                               "%@ has an account already: enter its password to join.")
        case .join: ("Присоединиться", "Join")
        case .inviteGone: ("Приглашение недействительно", "This invitation does not work")
        case .signUpTitle: ("Регистрация бизнеса", "Sign up a business")
        case .signUpHint: ("Создайте свой бизнес и учётную запись его администратора.", "Create your business and its admin account.")
        case .signUpButton: ("Зарегистрироваться", "Sign up")
        case .signUpInviteOnly: ("Регистрация только по приглашению: попросите владельца установки прислать ссылку.",
                                 "Sign-up is by invitation only: ask the installation's owner for a link.")
        case .yourName: ("Ваше имя", "Your name")
        case .businessCreated: ("Бизнес %@ создан.", "Business %@ created.")
        case .businessSuspendedNow: ("Бизнес %@ приостановлен: его люди не могут войти, каналы остановлены.",
                                     "Business %@ suspended: its people cannot sign in, its channels stop.")
        case .businessResumed: ("Бизнес %@ снова работает.", "Business %@ is active again.")
        case .businessDeleted: ("Бизнес %@ и все его данные удалены.", "Business %@ and all its data were deleted.")
        }
    }

    /// The text in `language` with its `%@` placeholders filled in order.
    func text(_ language: ConsoleLanguage, _ values: String...) -> String {
        ConsoleContext.filling(text(language), with: values)
    }
}

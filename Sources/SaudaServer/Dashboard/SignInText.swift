import Foundation

/// The strings of the sign-in page (a token, or an account's email and password), in Russian and English; the page has
/// no signed-in context, so it asks each text for its language.
enum SignInText: ConsoleTextTable {
    case loginTitle, loginHint, tokenLabel, loginButton, loginFailed, loginNewToken
    case emailLabel, passwordLabel, accountFailed, accountWithoutBusiness, tooManySignIns, businessSuspended


    // swiftlint:disable:next cyclomatic_complexity
    var pair: (String, String) {
        switch self {
        case .loginTitle: ("Вход в консоль", "Sign in to the console")
        case .loginHint: ("Вставьте токен доступа. Первый токен администратора Sauda печатает при первом запуске «sauda serve».",
                          "Paste an access token. Sauda prints the first admin token when «sauda serve» starts for the first time.")
        case .tokenLabel: ("Токен", "Token")
        case .loginButton: ("Войти", "Sign in")
        case .loginFailed: ("Токен не подошёл: он неизвестен или отозван.", "That token is unknown or revoked.")
        case .loginNewToken: ("Новый токен:", "A new token:")
        case .emailLabel: ("Email", "Email")
        case .passwordLabel: ("Пароль", "Password")
        case .accountFailed: ("Email или пароль не подошли.", "That email and password do not match an account.")
        case .accountWithoutBusiness: ("Эта учётная запись не состоит ни в одном бизнесе.", "This account belongs to no business.")
        case .businessSuspended: ("Бизнес этой учётной записи приостановлен владельцем установки.",
                                  "The business of this account is suspended by the installation's owner.")
        case .tooManySignIns: ("Слишком много попыток входа. Подождите минуту и попробуйте снова.",
                               "Too many sign-in attempts. Wait a minute and try again.")
        }
    }
}

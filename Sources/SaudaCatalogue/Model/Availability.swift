import Foundation

/// Whether a product or service can be had now.
public enum Availability: String, Sendable, Hashable, Codable, CaseIterable {
    /// In stock, or a service that can be booked.
    case inStock = "in_stock"
    /// Made or brought on order (Yandex Market's `available="false"`).
    case onOrder = "on_order"
    /// Not sold at the moment.
    case outOfStock = "out_of_stock"

    /// Reads the words a file may use: `in_stock`, `yes`, `true`, `1`, `да`, `есть`; `on_order`, `под заказ`;
    /// `out_of_stock`, `no`, `false`, `0`, `нет`. Empty text reads as in stock.
    /// - Returns: `nil` for anything else.
    public init?(text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "", "in_stock", "in stock", "yes", "y", "true", "1", "да", "есть", "в наличии": self = .inStock
        case "on_order", "on order", "order", "preorder", "под заказ", "заказ": self = .onOrder
        case "out_of_stock", "out of stock", "no", "n", "false", "0", "нет", "нет в наличии": self = .outOfStock
        default: return nil
        }
    }
}

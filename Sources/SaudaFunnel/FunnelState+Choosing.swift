import SaudaCore

extension FunnelState {
    /// The state with `category` chosen and the earlier choice of product and options forgotten.
    func choosing(category: String?) -> FunnelState {
        var state = self
        state.categoryID = category
        state.productID = nil
        state.options = []
        state.optionsChosen = false
        state.priceText = nil
        return state
    }
}

//! The ticket list and ticket screens: the user's tickets, and one ticket's conversation with
//! its reply composer, over `Tickets` (and the Satisfaction API for a solved ticket's rating).

mod draft;
mod follow;
mod list;
mod model;
mod refreshing;
mod ticket;
mod view;

pub use list::TicketListScreen;
pub use model::{ReplyComposer, TicketActions, TicketListItem, TicketListState, TicketScreenState};
pub use ticket::TicketScreen;

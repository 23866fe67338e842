package io.nanogrid.app.routerlab;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * A request's right route, chosen in one click: a small button per route the label may name (the chosen one
 * highlighted; an expert the router does not route to yet is a new route, in italics).
 */
final class RouteButtonsCell extends TableCell<UserRequest, UserRequest> {
    private final UserRequestsModel model;
    private final HBox box = new HBox(3);

    RouteButtonsCell(UserRequestsModel model) {
        this.model = model;
        box.setAlignment(Pos.CENTER_LEFT);
    }

    @Override
    protected void updateItem(UserRequest item, boolean empty) {
        super.updateItem(item, empty);
        if (empty || item == null) {
            setGraphic(null);
            return;
        }
        box.getChildren().clear();
        for (String route : model.routeChoices()) {
            Button b = new Button(route);
            b.setId("label-" + route);
            b.getStyleClass().addAll("route-button", "small", route.equals(item.route()) ? "accent"
                    : "button-outlined");
            if (!model.routerRoutes().contains(route)) {
                b.getStyleClass().add("new-route");
                b.setTooltip(new Tooltip("'" + route + "' is not a route yet: retraining with your requests adds it"));
            }
            b.setFocusTraversable(false);
            b.setOnAction(e -> model.label(item, route));
            box.getChildren().add(b);
        }
        setGraphic(box);
    }
}

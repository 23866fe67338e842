package io.nanogrid.app.canvas;

import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.kordamp.ikonli.fontawesome5.FontAwesomeSolid;
import org.kordamp.ikonli.javafx.FontIcon;

/** One node on the canvas: a card with the node's kind, name, model file, badges and health. */
final class NodeView extends VBox {
    private final NodeModel model;
    private final Circle port;

    NodeView(NodeModel model, boolean selected) {
        this.model = model;
        setId("node-" + model.id());
        getStyleClass().addAll("grid-node", "grid-node-" + model.kind().name().toLowerCase(Locale.ROOT));
        if (selected) {
            getStyleClass().add("selected");
        }
        if (model.kind() == NodeModel.Kind.EXPERT && !model.routed()) {
            getStyleClass().add("unrouted");
        }
        setPrefSize(NodeModel.WIDTH, NodeModel.HEIGHT);
        setMinSize(NodeModel.WIDTH, Region.USE_PREF_SIZE);
        setMaxWidth(NodeModel.WIDTH);
        setPadding(new Insets(8, 10, 8, 10));
        setSpacing(3);

        FontIcon icon = new FontIcon(switch (model.kind()) {
            case ROUTER -> FontAwesomeSolid.CODE_BRANCH;
            case EXPERT -> FontAwesomeSolid.CUBE;
            case ENCODER -> FontAwesomeSolid.LAYER_GROUP;
            default -> FontAwesomeSolid.QUESTION_CIRCLE;
        });
        icon.getStyleClass().add("grid-node-icon");
        Label title = new Label(model.title());
        title.getStyleClass().add("grid-node-title");
        Label kind = new Label(model.kind().name());
        kind.getStyleClass().add("grid-node-kind");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Circle health = new Circle(5);
        health.getStyleClass().addAll("health", "health-" + model.health());
        Tooltip.install(health, new Tooltip("health: " + model.health()));
        HBox header = new HBox(6, icon, title, grow, kind, health);
        header.setAlignment(Pos.CENTER_LEFT);

        Label detail = new Label(model.detail());
        detail.getStyleClass().add("grid-node-detail");
        detail.setMaxWidth(NodeModel.WIDTH - 20);
        Tooltip.install(detail, new Tooltip(model.detail()));

        FlowPane badges = new FlowPane(4, 3);
        for (String b : model.badges()) {
            Label badge = new Label(b);
            badge.getStyleClass().add("badge");
            badges.getChildren().add(badge);
        }
        getChildren().addAll(header, detail, badges);
        relocate(model.x(), model.y());

        port = new Circle(6);
        port.getStyleClass().add("router-port");
        port.setVisible(model.kind() == NodeModel.Kind.ROUTER);
        port.setManaged(false);
        getChildren().add(port);
        Tooltip.install(port, new Tooltip("Drag onto an expert to route requests to it"));
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        port.setCenterX(getWidth());
        port.setCenterY(getHeight() / 2);
    }

    NodeModel model() {
        return model;
    }

    Circle port() {
        return port;
    }
}

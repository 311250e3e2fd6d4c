package io.customer360.api.customer360;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.customer360.node.AggregateState;
import io.customer360.node.Node;
import io.customer360.node.NodeType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The default choice of the view's node (the item 4). */
class Customer360NodesTest {

  private static Node node(NodeType type, AggregateState state) {
    return new Node(
        UUID.randomUUID(),
        UUID.randomUUID(),
        type,
        "n",
        null,
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        null,
        List.of(),
        state,
        null,
        false);
  }

  private static final Node ENTRY_A = node(NodeType.ENTRY, null);
  private static final Node ENTRY_B = node(NodeType.ENTRY, null);
  private static final Node ACTIVE = node(NodeType.AGGREGATE, AggregateState.ACTIVE);
  private static final Node ACTIVE_2 = node(NodeType.AGGREGATE, AggregateState.ACTIVE);
  private static final Node NEW = node(NodeType.AGGREGATE, AggregateState.NEW);

  @Test
  void theOnlyActiveAggregateNodeWins() {
    assertEquals(ACTIVE, Customer360Nodes.choose(List.of(ENTRY_A, ENTRY_B, NEW, ACTIVE)));
  }

  @Test
  void withoutAnActiveAggregateTheOnlyEntryNode() {
    assertEquals(ENTRY_A, Customer360Nodes.choose(List.of(ENTRY_A, NEW)));
  }

  @Test
  void otherwise409() {
    for (List<Node> nodes :
        List.of(List.<Node>of(), List.of(ENTRY_A, ENTRY_B), List.of(ACTIVE, ACTIVE_2, ENTRY_A))) {
      Customer360Exception e =
          assertThrows(Customer360Exception.class, () -> Customer360Nodes.choose(nodes));
      assertEquals(409, e.status());
      assertEquals("nodeNotChosen", e.message(FakeMessages.create()));
    }
  }
}

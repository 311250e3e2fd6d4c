package io.customer360.customer;

import static io.customer360.customer.CustomerMergerTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtendedSchemaTest {

  static ObjectNode schema() {
    List<FieldError> errors = new ArrayList<>();
    ObjectNode s =
        ExtendedSchema.normalise(
            json(
                "{'nick':{'type':'string','contactlabProperties':{'maxLength':5}},"
                    + "'vip':{'type':'boolean'},'score':{'type':'integer'},"
                    + "'notes':{'type':'array'},'label':{'type':'string'}}"),
            errors);
    assertEquals(List.of(), errors);
    return s;
  }

  @Test
  void fillsDefaultMaxLengths() {
    ObjectNode s = schema();
    assertEquals(255, s.at("/label/contactlabProperties/maxLength").asInt());
    assertEquals(1000, s.at("/notes/contactlabProperties/maxLength").asInt());
    assertEquals(5, s.at("/nick/contactlabProperties/maxLength").asInt());
  }

  @Test
  void refusesBadSchemas() {
    List<FieldError> errors = new ArrayList<>();
    ExtendedSchema.normalise(
        json(
            "{'a.b':{'type':'string'},'c':{'type':'date'},"
                + "'d':{'type':'string','contactlabProperties':{'maxLength':6001}},"
                + "'e':{'type':'string','contactlabProperties':{'maxLength':0}},"
                + "'f':{'type':'string','contactlabProperties':{'maxLength':6000}}}"),
        errors);
    assertEquals(
        List.of(
            "a.b",
            "c.type",
            "d.contactlabProperties.maxLength",
            "e.contactlabProperties.maxLength"),
        errors.stream().map(FieldError::path).toList());
  }

  @Test
  void indexedChangesCompareBothSchemasAndTreatAbsentAsNotIndexed() {
    ObjectNode before =
        json(
            "{'kept':{'type':'string','contactlabProperties':{'indexed':true}},"
                + "'plain':{'type':'string','contactlabProperties':{'indexed':false}},"
                + "'dropped':{'type':'string','contactlabProperties':{'indexed':true}},"
                + "'droppedPlain':{'type':'string'},"
                + "'flipped':{'type':'string','contactlabProperties':{'indexed':true}}}");
    ObjectNode after =
        json(
            "{'kept':{'type':'integer','contactlabProperties':{'indexed':true,'label':'K'}},"
                + "'plain':{'type':'string'},"
                + "'flipped':{'type':'string','contactlabProperties':{'indexed':false}},"
                + "'added':{'type':'string','contactlabProperties':{'indexed':true}},"
                + "'addedPlain':{'type':'boolean'}}");
    assertEquals(
        List.of("added", "dropped", "flipped"),
        List.copyOf(ExtendedSchema.indexedChanges(before, after)));
    assertEquals(List.of(), List.copyOf(ExtendedSchema.indexedChanges(after, after)));
    assertEquals(
        List.of("added", "kept"), List.copyOf(ExtendedSchema.indexedChanges(json("{}"), after)));
  }

  @Test
  void checksValuesAtAndPastTheirBounds() {
    ObjectNode s = schema();
    assertEquals(
        List.of(), ExtendedSchema.validate(s, json("{'nick':'abcde','vip':true,'score':3}")));
    List<FieldError> errors =
        ExtendedSchema.validate(s, json("{'nick':'abcdef','vip':'yes','score':1.5,'other':1}"));
    assertEquals(
        List.of("extended.nick", "extended.other", "extended.score", "extended.vip"),
        errors.stream().map(FieldError::path).sorted().toList());
    assertEquals(
        List.of(
            "must be at most 5 characters",
            "is not a property of the workspace's extended-properties schema",
            "must be of type [integer,null]",
            "must be of type [boolean,null]"),
        errors.stream()
            .sorted(java.util.Comparator.comparing(FieldError::path))
            .map(FieldError::message)
            .toList());
  }

  @Test
  void limitsStringArraysByTheirTotalLengthWithSeparators() {
    ObjectNode s = schema();
    String half = "x".repeat(499);
    assertEquals(
        List.of(), ExtendedSchema.validate(s, json("{'notes':['" + half + "','" + half + "x']}")));
    assertEquals(
        "extended.notes",
        ExtendedSchema.validate(s, json("{'notes':['" + half + "x','" + half + "x']}"))
            .get(0)
            .path());
  }
}
